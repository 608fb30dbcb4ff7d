// Length-limited Huffman codes as klauspost/compress 1.15.12 flate builds them (BSD-3-Clause, Go Authors): the
// same sorts and tie-breaks, so that the same frequencies give the same code lengths and codes.
#pragma once

#include <array>
#include <climits>
#include <cstdint>

#include "codec/klauspost_tables.hpp"

namespace kiln::codec {

// A code packed as (bit-reversed code << 8) | length; 0 means "symbol has no code".
using HuffCode = uint32_t;
constexpr uint8_t code_len(HuffCode c) { return static_cast<uint8_t>(c); }
constexpr uint64_t code_bits(HuffCode c) { return c >> 8; }

struct LiteralNode {
  uint16_t literal;
  uint16_t freq;
};

class HuffmanEncoder {
 public:
  // Codes for symbols 0..n-1 from their frequencies, at most max_bits long.
  void generate(const uint16_t* freq, int n, int max_bits);

  // Bits needed to code the histogram with these codes.
  int bit_length(const uint16_t* freq, int n) const {
    int total = 0;
    for (int i = 0; i < n; ++i)
      if (freq[i] != 0) total += freq[i] * code_len(codes[i]);
    return total;
  }
  // As bit_length, or INT_MAX when a used symbol has no code.
  int can_reuse_bits(const uint16_t* freq, int n) const {
    int total = 0;
    for (int i = 0; i < n; ++i) {
      if (freq[i] == 0) continue;
      if (codes[i] == 0) return INT_MAX;
      total += freq[i] * code_len(codes[i]);
    }
    return total;
  }

  std::array<HuffCode, 512> codes{};

 private:
  void assign_codes(const int32_t* bit_count, int levels, LiteralNode* list, int n);

  std::array<LiteralNode, kLiteralCount> nodes_{};
};

// The fixed codes of RFC 1951 3.2.6.
const HuffmanEncoder& fixed_literal_encoding();
const HuffmanEncoder& fixed_offset_encoding();
// The one-symbol offset code that literal-only blocks declare.
const HuffmanEncoder& huff_only_offset_encoding();

}  // namespace kiln::codec
