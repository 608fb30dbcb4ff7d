#include "codec/klauspost_lazy_deflater.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/klauspost_bit_writer.hpp"

namespace kiln::codec {
namespace {

constexpr int kWindowSize = 1 << 15;
constexpr int kWindowMask = kWindowSize - 1;
constexpr int kMinMatchLength = 4;
constexpr int kHashBits = 17;
constexpr int kMaxFlateBlockTokens = 1 << 15;
constexpr int kLookaheadNeeded = kMinMatchLength + kMaxMatchLength;

struct LevelParams {
  int lazy;   // no lazy search once the pending match is this long
  int nice;   // stop searching once a match is this long
  int chain;  // candidates tried per search
};

LevelParams params_for(int level) {
  switch (level) {
    case 7: return {12, 16, 24};
    case 8: return {30, 40, 64};
    default: return {258, 258, 1024};
  }
}

uint32_t hash4(const uint8_t* p) { return (load_le32(p) * 2654435761u) >> (32 - kHashBits); }

class LazyDeflater final : public Deflater {
 public:
  explicit LazyDeflater(int level)
      : params_(params_for(level)), tokens_(std::make_unique<Tokens>()), window_(2 * kWindowSize + 8),
        hash_head_(1 << kHashBits), hash_prev_(kWindowSize) {}

  void reset_dict(std::string* out, const uint8_t* dict, size_t size) override {
    writer_.reset(out);
    chain_head_ = -1;
    std::fill(hash_head_.begin(), hash_head_.end(), 0);
    std::fill(hash_prev_.begin(), hash_prev_.end(), 0);
    hash_offset_ = 1;
    index_ = window_end_ = 0;
    block_start_ = 0;
    byte_available_ = false;
    tokens_->reset();
    length_ = kMinMatchLength - 1;
    offset_ = 0;
    ii_ = 0;
    max_insert_index_ = 0;

    // The dictionary fills the window and the hash chains. The pending block still starts at 0, so the first
    // block's stored-size estimate counts the dictionary too (as in the original).
    if (size > kWindowSize) {
      dict += size - kWindowSize;
      size = kWindowSize;
    }
    int n = static_cast<int>(size);
    std::memcpy(window_.data(), dict, size);
    for (int i = 0; i + kMinMatchLength <= n; ++i) insert_hash(i);
    window_end_ = n;
    index_ = n;
  }

  void write(const uint8_t* data, size_t size) override {
    while (size > 0) {
      if (window_end_ == 2 * kWindowSize) step(false);
      size_t n = fill(data, size);
      data += n;
      size -= n;
    }
  }

  void flush() override {
    step(true);
    writer_.write_stored_header(0, false);
    writer_.flush();
  }

  void close() override {
    step(true);
    writer_.write_stored_header(0, true);
    writer_.flush();
  }

 private:
  // Copies input into the window, first sliding it down by 32 KiB when the search has reached its end.
  size_t fill(const uint8_t* data, size_t size) {
    if (index_ >= 2 * kWindowSize - kLookaheadNeeded) {
      std::memcpy(window_.data(), window_.data() + kWindowSize, kWindowSize);
      index_ -= kWindowSize;
      window_end_ -= kWindowSize;
      block_start_ = block_start_ >= kWindowSize ? block_start_ - kWindowSize : INT_MAX;
      hash_offset_ += kWindowSize;  // grows by 32 KiB per 32 KiB of input: fine for streams below 256 MiB
    }
    size_t n = std::min(size, static_cast<size_t>(2 * kWindowSize - window_end_));
    std::memcpy(window_.data() + window_end_, data, n);
    window_end_ += static_cast<int>(n);
    return n;
  }

  // Puts window position i at the head of its hash chain; returns the entry it displaced.
  uint32_t insert_hash(int i) {
    uint32_t h = hash4(window_.data() + i);
    uint32_t previous = hash_head_[h];
    hash_prev_[i & kWindowMask] = previous;
    hash_head_[h] = static_cast<uint32_t>(i + hash_offset_);
    return previous;
  }

  void write_block(bool sync) {
    BlockInput input;
    if (block_start_ <= index_) input = {window_.data() + block_start_, static_cast<size_t>(index_ - block_start_)};
    block_start_ = index_;
    writer_.write_block_dynamic(*tokens_, false, input, sync);
    tokens_->reset();
  }

  // Adds a token, writing a block when the token buffer is full.
  void add_literal(uint8_t lit, bool sync) {
    tokens_->add_literal(lit);
    if (tokens_->n == kMaxFlateBlockTokens) write_block(sync);
  }

  struct Match {
    int length = kMinMatchLength - 1;
    int offset = 0;
    bool ok = false;
  };

  // klauspost's cost estimate takes the code of the distance itself, not of distance - 1: the largest
  // distance, 32768, gets code 30, which its table ("extended window") gives 14 extra bits.
  static int estimated_offset_extra_bits(uint32_t distance) {
    uint32_t code = offset_code(distance);
    return code < kOffsetExtraBits.size() ? kOffsetExtraBits[code] : 14;
  }

  // Best match at pos among up to `chain` earlier positions with the same hash, longer than 3. Level 9 weighs
  // length against the literals' estimated cost instead of taking the longest.
  Match find_match(int pos, int prev_head, int lookahead) const {
    const uint8_t* win = window_.data();
    int min_match_look = std::min(kMaxMatchLength, lookahead);
    int nice = std::min(params_.nice, min_match_look);
    int tries = params_.chain;
    Match m;
    uint8_t w_end = win[pos + m.length];
    const uint8_t* w_pos = win + pos;
    int min_index = std::max(pos - kWindowSize, 0);
    int gain = 0;
    constexpr int kBaseCost = 6;
    for (int i = prev_head; tries > 0; --tries) {
      if (w_end == win[i + m.length]) {
        int n = common_prefix(win + i, w_pos, min_match_look);
        if (n > m.length) {
          bool better = true;
          if (params_.chain >= 100) {
            int new_gain = literal_bits(w_pos, n) - estimated_offset_extra_bits(static_cast<uint32_t>(pos - i)) -
                           kBaseCost - kLengthExtraBits[kLengthCodes[(n - 3) & 255]];
            better = new_gain > gain;
            if (better) gain = new_gain;
          }
          if (better) {
            m = {n, pos - i, true};
            if (n >= nice) break;
            w_end = win[pos + n];
          }
        }
      }
      if (i <= min_index) break;
      i = static_cast<int>(hash_prev_[i & kWindowMask]) - hash_offset_;
      if (i < min_index) break;
    }
    return m;
  }

  int literal_bits(const uint8_t* p, int n) const {
    int total = 0;
    for (int k = 0; k < n; ++k) total += code_len(literal_costs_.codes[p[k]]);
    return total;
  }

  // Tokenizes the window up to the last 262 bytes (all of it when sync), writing full token blocks.
  void step(bool sync) {
    if (window_end_ - index_ < kLookaheadNeeded && !sync) return;
    const uint8_t* win = window_.data();
    if (window_end_ != index_ && params_.chain > 100) {
      std::array<uint16_t, 256> freq{};  // 16-bit counts wrap as the original's do
      for (int i = index_; i < window_end_; ++i) freq[win[i]]++;
      literal_costs_.generate(freq.data(), 256, 15);
    }
    max_insert_index_ = window_end_ - (kMinMatchLength - 1);

    for (;;) {
      int lookahead = window_end_ - index_;
      if (lookahead < kLookaheadNeeded) {
        if (!sync) return;
        if (lookahead == 0) {
          if (byte_available_) {
            tokens_->add_literal(win[index_ - 1]);
            byte_available_ = false;
          }
          if (tokens_->n > 0) write_block(sync);
          return;
        }
      }
      if (index_ < max_insert_index_) chain_head_ = static_cast<int>(insert_hash(index_));
      int prev_length = length_;
      int prev_offset = offset_;
      length_ = kMinMatchLength - 1;
      offset_ = 0;
      int min_index = std::max(index_ - kWindowSize, 0);

      if (chain_head_ - hash_offset_ >= min_index && lookahead > prev_length && prev_length < params_.lazy) {
        if (Match m = find_match(index_, chain_head_ - hash_offset_, lookahead); m.ok) {
          length_ = m.length;
          offset_ = m.offset;
        }
      }

      if (prev_length >= kMinMatchLength && length_ <= prev_length) {
        // The previous position's match stands. First try a longer one ending where it ends.
        constexpr int kCheckOff = 2;
        int prev_index = index_ - 1;
        if (prev_index + prev_length + kCheckOff < max_insert_index_) {
          int end = std::min(lookahead, kMaxMatchLength) + prev_index;
          int idx = prev_index + prev_length - (4 - kCheckOff);
          int ch2 = static_cast<int>(hash_head_[hash4(win + idx)]) - hash_offset_ - prev_length + (4 - kCheckOff);
          if (ch2 > min_index) {
            int l = common_prefix(win + prev_index, win + ch2, end - prev_index);
            if (l > prev_length) {
              prev_length = l;
              prev_offset = prev_index - ch2;
            }
          }
        }
        tokens_->add_match(static_cast<uint32_t>(prev_length - 3), static_cast<uint32_t>(prev_offset - kBaseMatchOffset));

        // Index the positions the match covers (index and index-1 are already in).
        int new_index = index_ + prev_length - 1;
        int end = std::min(new_index, max_insert_index_) + kMinMatchLength - 1;
        int start = std::min(index_ + 1, max_insert_index_);
        for (int i = start; i + kMinMatchLength <= end; ++i) insert_hash(i);

        index_ = new_index;
        byte_available_ = false;
        length_ = kMinMatchLength - 1;
        if (tokens_->n == kMaxFlateBlockTokens) write_block(sync);
        ii_ = 0;
      } else {
        if (length_ >= kMinMatchLength) ii_ = 0;
        if (byte_available_) {
          ++ii_;
          add_literal(win[index_ - 1], sync);
          ++index_;
          // A long run without matches: skip ahead, emitting literals and hashing only.
          if (int n = static_cast<int>(ii_) - params_.chain; n > 0) {
            n = 1 + (n >> 6);
            for (int j = 0; j < n; ++j) {
              if (index_ >= window_end_ - 1) break;
              add_literal(win[index_ - 1], sync);
              if (index_ < max_insert_index_) chain_head_ = static_cast<int>(insert_hash(index_));
              ++index_;
            }
            add_literal(win[index_ - 1], sync);
            byte_available_ = false;
          }
        } else {
          ++index_;
          byte_available_ = true;
        }
      }
    }
  }

  LevelParams params_;
  std::unique_ptr<Tokens> tokens_;
  HuffmanBitWriter writer_{8};
  HuffmanEncoder literal_costs_;  // level 9: estimated literal costs of the window

  std::vector<uint8_t> window_;  // unprocessed input is window_[index_, window_end_)
  int window_end_ = 0;
  int block_start_ = 0;  // window index where the pending tokens start
  int index_ = 0;
  bool byte_available_ = false;  // window_[index_ - 1] still awaits its token

  int length_ = kMinMatchLength - 1;  // match found at the previous position
  int offset_ = 0;
  int max_insert_index_ = 0;
  int chain_head_ = -1;
  int hash_offset_ = 1;  // hash entries hold window index + hash_offset_
  uint16_t ii_ = 0;      // literals since the last match; wraps after 64 Ki, resetting the skipping
  std::vector<uint32_t> hash_head_;
  std::vector<uint32_t> hash_prev_;
};

}  // namespace

std::unique_ptr<Deflater> make_lazy_deflater(int level) { return std::make_unique<LazyDeflater>(level); }

}  // namespace kiln::codec
