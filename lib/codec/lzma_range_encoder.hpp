// LZMA's range encoder and its adaptive bit probabilities as ulikunitz/xz 0.5.6 (BSD-3-Clause) writes
// them, into an output of bounded size: an LZMA2 chunk holds at most 64 KiB of compressed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kiln::codec {

using LzmaProb = uint16_t;  // probability of a 0 bit, in 1/2048ths
constexpr LzmaProb kLzmaProbInit = 1024;

class LzmaRangeEncoder {
 public:
  // Appends to out, which may grow to limit bytes; starts afresh (as each LZMA2 chunk does).
  LzmaRangeEncoder(std::vector<uint8_t>& out, size_t limit) : out_(out), limit_(limit) {}

  void restart();
  // Room left once the bytes still held back (a carry may change them) are written.
  int64_t available() const {
    return static_cast<int64_t>(limit_) - static_cast<int64_t>(out_.size()) - (cache_len_ + 4);
  }
  void encode_bit(uint32_t bit, LzmaProb& prob);
  // The count low bits of value, most significant first, each with probability 1/2.
  void encode_direct_bits(uint32_t value, int count);
  // Bits, most significant first, down a tree of probabilities (probs[1] is the root).
  void encode_tree(LzmaProb* probs, int bits, uint32_t value);
  // Bits, least significant first, down a tree of probabilities.
  void encode_reverse_tree(LzmaProb* probs, int bits, uint32_t value);
  // Writes out what low still holds.
  void close();

 private:
  void shift_low();

  std::vector<uint8_t>& out_;
  size_t limit_;
  uint32_t range_ = 0xffffffff;
  uint64_t low_ = 0;
  int64_t cache_len_ = 1;
  uint8_t cache_ = 0;
};

}  // namespace kiln::codec
