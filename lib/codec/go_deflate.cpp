#include "codec/go_deflate.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "codec/block_writer.hpp"
#include "codec/bytes.hpp"

namespace kiln::codec {
namespace {

using namespace deflate;

// Go's levels table for levels 2-9: a search follows at most `chain` links and stops at a
// match of `nice` bytes. Levels 4-9 match lazily, searching only while the previous match is
// shorter than `lazy`; levels 2-3 take the first match and, for matches up to `skip` bytes,
// hash every position they cover. (Go's "good" length never applies: the search is always
// asked for more than 3 bytes, and every level's good is 4 or more.)
struct LevelParams {
  int lazy, nice, chain, skip;
};
constexpr int kLazyMatching = INT32_MAX;  // Go's skipNever
constexpr std::array<LevelParams, 10> kLevels = {{
    {0, 0, 0, 0},  // 0 and 1 are not searched this way
    {0, 0, 0, 0},
    {0, 16, 8, 5},
    {0, 32, 32, 6},
    {4, 16, 16, kLazyMatching},
    {16, 32, 32, kLazyMatching},
    {16, 128, 128, kLazyMatching},
    {32, 128, 256, kLazyMatching},
    {128, 258, 1024, kLazyMatching},
    {258, 258, 4096, kLazyMatching},
}};

constexpr int kWindowMask = kWindowSize - 1;
constexpr int kBufferSize = 2 * kWindowSize;
constexpr int kMinLookahead = kMinMatch + kMaxMatch;  // below this much input a step waits for more
constexpr int kHashBits = 17;
constexpr int kMaxHashOffset = 1 << 24;  // then the hash tables are rebased
constexpr size_t kMaxBlockTokens = 1 << 14;
constexpr int kFarDistance = 4096;        // a 4-byte match further back than this is not worth it
constexpr int kNoBlockStart = INT32_MAX;  // the block's first bytes slid out of the window

uint32_t hash4(const uint8_t* p) {
  uint32_t v = uint32_t{p[3]} | uint32_t{p[2]} << 8 | uint32_t{p[1]} << 16 | uint32_t{p[0]} << 24;
  return (v * 0x1e35a7bd) >> (32 - kHashBits);
}

}  // namespace

struct GoDeflater::State {
  State(ByteSinkFn sink, LevelParams params) : params(params), writer(std::move(sink)) { tokens.reserve(kMaxBlockTokens); }

  size_t fill(std::span<const uint8_t> data);
  void slide();
  void step();
  void step_lazy();
  void step_greedy();
  bool out_of_lookahead();
  void insert_range(int from, int to);
  int insert(int pos);
  void find_match(int pos, int candidate, int lookahead);
  void flush_block(int end);

  const LevelParams params;
  BlockWriter writer;
  std::vector<Token> tokens;
  // Unprocessed input is window[index, window_end); the block being built started at block_start.
  std::array<uint8_t, kBufferSize> window{};
  int index = 0;
  int window_end = 0;
  int block_start = 0;
  bool sync = false;  // Close: process everything, however little lookahead is left
  // Hash chains hold position + hash_offset (0 = none): hash_head per hash of 4 bytes,
  // hash_prev per position & kWindowMask the previous position with that hash.
  std::array<uint32_t, 1 << kHashBits> hash_head{};
  std::array<uint32_t, kWindowSize> hash_prev{};
  int hash_offset = 1;
  int chain_head = -1;  // head found when index was last hashed; kept, as Go keeps it, near the end
  int max_insert_index = 0;
  // Lazy matching: the match found at index - 1, and whether that byte is still unencoded.
  int length = kMinMatch - 1;
  int offset = 0;
  bool byte_available = false;
};

size_t GoDeflater::State::fill(std::span<const uint8_t> data) {
  if (index >= kBufferSize - kMinLookahead) slide();
  size_t n = std::min(data.size(), static_cast<size_t>(kBufferSize - window_end));
  std::memcpy(window.data() + window_end, data.data(), n);
  window_end += static_cast<int>(n);
  return n;
}

void GoDeflater::State::slide() {
  std::memcpy(window.data(), window.data() + kWindowSize, kWindowSize);
  index -= kWindowSize;
  window_end -= kWindowSize;
  block_start = block_start >= kWindowSize ? block_start - kWindowSize : kNoBlockStart;
  hash_offset += kWindowSize;
  if (hash_offset > kMaxHashOffset) {
    int delta = hash_offset - 1;
    hash_offset -= delta;
    chain_head -= delta;
    auto rebase = [delta](uint32_t& v) { v = v > static_cast<uint32_t>(delta) ? v - static_cast<uint32_t>(delta) : 0; };
    std::for_each(hash_prev.begin(), hash_prev.end(), rebase);
    std::for_each(hash_head.begin(), hash_head.end(), rebase);
  }
}

// Chains `pos` in; returns the previous head for its hash.
int GoDeflater::State::insert(int pos) {
  uint32_t& head = hash_head[hash4(&window[pos])];
  uint32_t previous = head;
  hash_prev[pos & kWindowMask] = previous;
  head = static_cast<uint32_t>(pos + hash_offset);
  return static_cast<int>(previous);
}

// Sets length/offset to the best match for `pos` longer than 3 bytes found along the chain
// from `candidate`, if any.
void GoDeflater::State::find_match(int pos, int candidate, int lookahead) {
  const uint8_t* w = window.data();
  const uint32_t* prev = hash_prev.data();
  const int base = hash_offset;
  int max = std::min(kMaxMatch, lookahead);
  int nice = std::min(params.nice, max);
  int best = kMinMatch - 1, best_offset = 0;
  uint8_t after_best = w[pos + best];  // a longer match must agree here first
  int min_index = pos - kWindowSize;
  for (int i = candidate, tries = params.chain; tries > 0; --tries) {
    if (w[i + best] == after_best) {
      int n = common_prefix(w + i, w + pos, max);
      if (n > best && (n > kMinMatch || pos - i <= kFarDistance)) {
        best = n;
        best_offset = pos - i;
        if (n >= nice) break;
        after_best = w[pos + n];
      }
    }
    if (i == min_index) break;  // its hash_prev slot already belongs to a newer position
    i = static_cast<int>(prev[i & kWindowMask]) - base;
    if (i < min_index || i < 0) break;
  }
  if (best_offset != 0) {
    length = best;
    offset = best_offset;
  }
}

void GoDeflater::State::flush_block(int end) {
  std::optional<std::span<const uint8_t>> input;
  if (block_start <= end) input = std::span<const uint8_t>(window.data() + block_start, static_cast<size_t>(end - block_start));
  block_start = end;
  writer.write_block(tokens, input);
  tokens.clear();
}

// Go's deflate step: processes the window while enough lookahead remains (all of it on Close).
void GoDeflater::State::step() {
  if (window_end - index < kMinLookahead && !sync) return;
  max_insert_index = window_end - (kMinMatch - 1);
  if (params.skip == kLazyMatching)
    step_lazy();
  else
    step_greedy();
}

// With little lookahead left: whether to stop (until more input comes, or for good after
// flushing the tokens on Close) rather than go on.
bool GoDeflater::State::out_of_lookahead() {
  int lookahead = window_end - index;
  if (!sync) return true;
  if (lookahead > 0) return false;
  if (byte_available) {
    tokens.push_back(literal_token(window[index - 1]));
    byte_available = false;
  }
  if (!tokens.empty()) flush_block(index);
  return true;
}

void GoDeflater::State::insert_range(int from, int to) {
  for (int pos = from; pos < to; ++pos)
    if (pos < max_insert_index) insert(pos);
}

// Lazy matching: a match found at index - 1 is emitted unless index has a longer one, in which
// case index - 1 becomes a literal.
void GoDeflater::State::step_lazy() {
  const int lazy = params.lazy;
  for (;;) {
    int lookahead = window_end - index;
    if (lookahead < kMinLookahead && out_of_lookahead()) return;
    if (index < max_insert_index) chain_head = insert(index);
    int prev_length = length;
    int prev_offset = offset;
    length = kMinMatch - 1;
    offset = 0;
    int min_index = std::max(index - kWindowSize, 0);
    if (chain_head - hash_offset >= min_index && lookahead > prev_length && prev_length < lazy)
      find_match(index, chain_head - hash_offset, lookahead);

    if (prev_length >= kMinMatch && length <= prev_length) {
      tokens.push_back(match_token(prev_length, prev_offset));
      // The match began at index - 1; index - 1 and index are hashed already.
      int end = index + prev_length - 1;
      insert_range(index + 1, end);
      index = end;
      byte_available = false;
      length = kMinMatch - 1;
      if (tokens.size() == kMaxBlockTokens) flush_block(index);
    } else {
      if (byte_available) {
        tokens.push_back(literal_token(window[index - 1]));
        if (tokens.size() == kMaxBlockTokens) flush_block(index);
      }
      ++index;
      byte_available = true;
    }
  }
}

// Levels 2-3: the first match found at index is taken; long ones are skipped without hashing.
void GoDeflater::State::step_greedy() {
  for (;;) {
    int lookahead = window_end - index;
    if (lookahead < kMinLookahead && out_of_lookahead()) return;
    if (index < max_insert_index) chain_head = insert(index);
    length = kMinMatch - 1;
    offset = 0;
    int min_index = std::max(index - kWindowSize, 0);
    if (chain_head - hash_offset >= min_index && lookahead >= kMinMatch)
      find_match(index, chain_head - hash_offset, lookahead);

    if (length >= kMinMatch) {
      tokens.push_back(match_token(length, offset));
      if (length <= params.skip) insert_range(index + 1, index + length);
      index += length;
      if (tokens.size() == kMaxBlockTokens) flush_block(index);
    } else {
      tokens.push_back(literal_token(window[index]));
      ++index;
      if (tokens.size() == kMaxBlockTokens) flush_block(index);
    }
  }
}

GoDeflater::GoDeflater(ByteSinkFn sink, int level) {
  if (level == -1) level = 6;  // Go's DefaultCompression
  if (level < 1 || level > 9) throw std::invalid_argument("GoDeflater: level must be 1-9 or -1");
  if (level == 1)
    fast_ = std::make_unique<GoFastDeflater>(std::move(sink));
  else
    s_ = std::make_unique<State>(std::move(sink), kLevels[static_cast<size_t>(level)]);
}
GoDeflater::~GoDeflater() = default;

void GoDeflater::write(std::span<const uint8_t> data) {
  if (fast_) return fast_->write(data);
  // Go interleaves: process what the window holds, then top it up.
  while (!data.empty()) {
    s_->step();
    data = data.subspan(s_->fill(data));
  }
}

void GoDeflater::close() {
  if (fast_) return fast_->close();
  s_->sync = true;
  s_->step();
  s_->writer.write_stored_header(0, true);
  s_->writer.flush();
}

}  // namespace kiln::codec
