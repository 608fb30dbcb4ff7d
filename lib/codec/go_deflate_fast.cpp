#include "codec/go_deflate_fast.hpp"

#include <algorithm>
#include <climits>

#include "codec/bytes.hpp"

namespace kiln::codec {
namespace {

using namespace deflate;

constexpr int32_t kMaxStoredBlock = 65535;  // the window: one block
constexpr int kTableBits = 14;
constexpr int32_t kMaxOffset = kWindowSize;
// Offsets are int32: before cur_ gets near overflow the table is rebased.
constexpr int32_t kRebaseAt = INT32_MAX - 2 * kMaxStoredBlock;
constexpr int32_t kInputMargin = 15;         // the matcher stops this far from the end
constexpr size_t kMinEncodedBlock = 128;     // on Close, shorter inputs skip the matcher
constexpr size_t kMaxTinyStoredBlock = 16;   // and up to this are stored

uint32_t load32(std::span<const uint8_t> b, int32_t i) { return load_le32(b.data() + i); }

uint32_t hash(uint32_t v) { return (v * 0x1e35a7bd) >> (32 - kTableBits); }

}  // namespace

GoFastDeflater::GoFastDeflater(ByteSinkFn sink) : writer_(std::move(sink)), window_(kMaxStoredBlock), cur_(kMaxStoredBlock) {
  tokens_.reserve(kMaxStoredBlock);
  prev_.reserve(kMaxStoredBlock);
}

void GoFastDeflater::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    encode_window();
    size_t n = std::min(data.size(), window_.size() - window_end_);
    std::copy_n(data.begin(), n, window_.begin() + static_cast<long>(window_end_));
    window_end_ += n;
    data = data.subspan(n);
  }
}

void GoFastDeflater::close() {
  sync_ = true;
  encode_window();
  writer_.write_stored_header(0, true);
  writer_.flush();
}

// Go's encSpeed: a full window (or, on Close, what there is) becomes one block.
void GoFastDeflater::encode_window() {
  std::span<const uint8_t> input(window_.data(), window_end_);
  if (window_end_ < window_.size()) {
    if (!sync_) return;
    if (window_end_ < kMinEncodedBlock) {
      if (window_end_ == 0) return;
      if (window_end_ <= kMaxTinyStoredBlock) {
        writer_.write_stored_header(static_cast<uint16_t>(window_end_), false);
        writer_.write_bytes(input);
      } else {
        writer_.write_block_huff(input);
      }
      window_end_ = 0;
      forget_history();
      return;
    }
  }
  tokens_.clear();
  encode(input);
  // Matching that saved less than 1/16th is not worth the length/offset codes.
  if (tokens_.size() > window_end_ - (window_end_ >> 4))
    writer_.write_block_huff(input);
  else
    writer_.write_block_dynamic(tokens_, input);
  window_end_ = 0;
}

// Appends src's tokens: at each position one table probe for a 4-byte match (within this block
// or the previous one), skipping ahead faster the longer nothing matches.
void GoFastDeflater::encode(std::span<const uint8_t> src) {
  if (cur_ >= kRebaseAt) rebase_offsets();
  const auto n = static_cast<int32_t>(src.size());  // at least kMinEncodedBlock
  const int32_t limit = n - kInputMargin;
  int32_t next_emit = 0;
  int32_t s = 0;
  uint32_t cv = load32(src, s);
  uint32_t next_hash = hash(cv);
  auto emit_literals = [&](int32_t end) {
    for (int32_t i = next_emit; i < end; ++i) tokens_.push_back(literal_token(src[static_cast<size_t>(i)]));
  };
  for (;;) {
    int32_t skip = 32;
    int32_t next_s = s;
    Entry candidate;
    for (;;) {
      s = next_s;
      int32_t step = skip >> 5;
      next_s = s + step;
      skip += step;
      if (next_s > limit) goto remainder;
      Entry& slot = table_[next_hash];
      candidate = slot;
      uint32_t now = load32(src, next_s);
      slot = {cv, s + cur_};
      next_hash = hash(now);
      if (s - (candidate.offset - cur_) <= kMaxOffset && cv == candidate.value) break;
      cv = now;
    }
    emit_literals(s);
    // A 4-byte match at s; extend it, then try for another right after it.
    for (;;) {
      s += 4;
      int32_t t = candidate.offset - cur_ + 4;
      int32_t extra = extend_match(s, t, src);
      tokens_.push_back(match_token(extra + 4, s - t));
      s += extra;
      next_emit = s;
      if (s >= limit) goto remainder;
      uint32_t before = load32(src, s - 1);
      table_[hash(before)] = {before, cur_ + s - 1};
      uint32_t at = load32(src, s);
      Entry& slot = table_[hash(at)];
      candidate = slot;
      slot = {at, cur_ + s};
      if (s - (candidate.offset - cur_) > kMaxOffset || at != candidate.value) {
        cv = load32(src, s + 1);
        next_hash = hash(cv);
        ++s;
        break;
      }
    }
  }
remainder:
  emit_literals(n);
  cur_ += n;
  prev_.assign(src.begin(), src.end());
}

// How many more bytes match after src[s-4, s) and the 4 at t, which is negative when the match
// starts in the previous block (it may then run on into this one); at most 258 in all.
int32_t GoFastDeflater::extend_match(int32_t s, int32_t t, std::span<const uint8_t> src) const {
  const auto end = std::min(static_cast<int32_t>(src.size()), s + kMaxMatch - 4);
  auto common = [](const uint8_t* a, const uint8_t* b, int32_t max) {
    int32_t i = 0;
    while (i < max && a[i] == b[i]) ++i;
    return i;
  };
  if (t >= 0) return common(src.data() + s, src.data() + t, end - s);
  int32_t from_prev = static_cast<int32_t>(prev_.size()) + t;
  if (from_prev < 0) return 0;
  int32_t in_prev = std::min(end - s, static_cast<int32_t>(prev_.size()) - from_prev);
  int32_t n = common(src.data() + s, prev_.data() + from_prev, in_prev);
  if (n < in_prev || s + n == end) return n;
  return n + common(src.data() + s + n, src.data(), end - s - n);
}

// Go's reset between Close-flushed tiny blocks: no later match may reach back past here.
void GoFastDeflater::forget_history() {
  prev_.clear();
  cur_ += kMaxOffset;
  if (cur_ >= kRebaseAt) rebase_offsets();
}

// Go's shiftOffsets: cur_ back to kMaxOffset + 1, entries out of reach clamped to 0.
void GoFastDeflater::rebase_offsets() {
  if (prev_.empty()) {
    table_.fill({});
  } else {
    for (Entry& e : table_) e.offset = std::max(e.offset - cur_ + kMaxOffset + 1, 0);
  }
  cur_ = kMaxOffset + 1;
}

}  // namespace kiln::codec
