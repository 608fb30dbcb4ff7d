// The match finders of klauspost/compress 1.15.12 flate levels 1-6 (fast_encoder.go, level1-6.go; BSD-3-Clause,
// Go/Snappy Authors and Klaus Post). Each encodes one window of at most 64 KiB into tokens, finding matches in
// up to 32 KiB of the input before it.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include "codec/bytes.hpp"
#include "codec/klauspost_tokens.hpp"

namespace kiln::codec {

class FastEncoder {
 public:
  FastEncoder() : hist_(std::make_unique<uint8_t[]>(kAllocHistory + 8)) {}
  virtual ~FastEncoder() = default;

  // Appends `src` (at most 65535 bytes) to the history and adds its tokens to dst; adds none for inputs
  // shorter than 13 bytes, and none when nothing matched (the caller then stores the window).
  virtual void encode(Tokens& dst, const uint8_t* src, int32_t size) = 0;

  // Forgets all history. The original only moves its position base past every table entry; clearing the
  // tables instead is equivalent, as no entry from before is ever within reach again. The position base grows
  // by about the input size, so reset at least every gigabyte (pgzip resets every block).
  void reset() {
    clear_tables();
    cur_ = kMaxStoreBlockSize;
    hist_len_ = 0;
  }

 protected:
  static constexpr int32_t kAllocHistory = kMaxStoreBlockSize * 5;
  static constexpr int kInputMargin = 12 - 1;
  static constexpr int kMinNonLiteralBlockSize = 1 + 1 + kInputMargin;

  struct EntryPrev {
    int32_t cur;
    int32_t prev;
  };
  static void push(EntryPrev& e, int32_t offset) { e = {offset, e.cur}; }

  virtual void clear_tables() = 0;

  // Appends src to the history, first sliding the last 32 KiB to the front when it would not fit; returns
  // where src starts.
  int32_t add_block(const uint8_t* src, int32_t size) {
    if (hist_len_ + size > kAllocHistory) {
      int32_t offset = hist_len_ - kMaxMatchOffset;
      std::memmove(hist_.get(), hist_.get() + offset, kMaxMatchOffset);
      cur_ += offset;
      hist_len_ = kMaxMatchOffset;
    }
    int32_t s = hist_len_;
    std::memcpy(hist_.get() + hist_len_, src, static_cast<size_t>(size));
    hist_len_ += size;
    return s;
  }

  static uint32_t load32(const uint8_t* b, int32_t i) { return load_le32(b + i); }
  static uint64_t load64(const uint8_t* b, int32_t i) { return load_le64(b + i); }

  // Hashes of the low 4, 5 or 7 bytes of u into `bits` bits.
  static uint32_t hash4(uint64_t u, unsigned bits) { return (static_cast<uint32_t>(u) * 2654435761u) >> (32 - bits); }
  static uint32_t hash5(uint64_t u, unsigned bits) { return static_cast<uint32_t>(((u << 24) * 889523592379ull) >> (64 - bits)); }
  static uint32_t hash7(uint64_t u, unsigned bits) {
    return static_cast<uint32_t>(((u << 8) * 58295818150454627ull) >> (64 - bits));
  }

  // Match length of history positions s and t (t < s), capped at 254.
  int32_t matchlen(int32_t s, int32_t t) const {
    int32_t end = s + kMaxMatchLength - 4 < hist_len_ ? s + kMaxMatchLength - 4 : hist_len_;
    return common_prefix(hist_.get() + s, hist_.get() + t, end - s);
  }
  // Match length of history positions s and t (t < s), up to the end of the history.
  int32_t matchlen_long(int32_t s, int32_t t) const { return common_prefix(hist_.get() + s, hist_.get() + t, hist_len_ - s); }

  std::unique_ptr<uint8_t[]> hist_;
  int32_t hist_len_ = 0;
  int32_t cur_ = kMaxStoreBlockSize;  // table entries hold history position + cur_
};

// Level 1-6 (-1 means 5).
std::unique_ptr<FastEncoder> make_fast_encoder(int level);

}  // namespace kiln::codec
