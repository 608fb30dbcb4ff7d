// The token buffer of klauspost/compress 1.15.12 flate (BSD-3-Clause): literals and matches of one window with
// their symbol histograms, which drive the Huffman block decisions.
#pragma once

#include <array>
#include <cstdint>

#include "codec/klauspost_tables.hpp"

namespace kiln::codec {

struct Tokens {
  std::array<uint16_t, 32> extra_hist{};  // symbols 256.. (end of block, length codes)
  std::array<uint16_t, 32> off_hist{};
  std::array<uint16_t, 256> lit_hist{};
  uint32_t n = 0;
  std::array<uint32_t, kMaxStoreBlockSize + 1> tokens;

  void reset() {
    if (n == 0) return;
    n = 0;
    lit_hist.fill(0);
    extra_hist.fill(0);
    off_hist.fill(0);
  }

  void add_literal(uint8_t lit) {
    tokens[n++] = lit;
    lit_hist[lit]++;
  }

  void add_literals(const uint8_t* p, const uint8_t* end) {
    uint32_t k = n;
    for (; p < end; ++p) {
      tokens[k++] = *p;
      lit_hist[*p]++;
    }
    n = k;
  }

  // A match of `length` (any length >= 3; split into pieces of at most 258) at distance xoffset + 1.
  void add_match_long(int32_t length, uint32_t xoffset) {
    uint32_t oc = offset_code(xoffset);
    xoffset |= oc << 16;
    while (length > 0) {
      int32_t xl = length;
      if (xl > kMaxMatchLength) xl = xl > kMaxMatchLength + kBaseMatchLength ? kMaxMatchLength : kMaxMatchLength - kBaseMatchLength;
      length -= xl;
      xl -= kBaseMatchLength;
      extra_hist[kLengthCodes[static_cast<uint8_t>(xl)] + 1u]++;
      off_hist[oc & 31]++;
      tokens[n++] = kMatchType | static_cast<uint32_t>(xl) << kLengthShift | xoffset;
    }
  }

  // A match of xlength + 3 (at most 258) at distance xoffset + 1.
  void add_match(uint32_t xlength, uint32_t xoffset) {
    uint32_t oc = offset_code(xoffset);
    extra_hist[kLengthCodes[static_cast<uint8_t>(xlength)] + 1u]++;
    off_hist[oc & 31]++;
    tokens[n++] = kMatchType | xlength << kLengthShift | xoffset | oc << 16;
  }

  void add_eob() {
    tokens[n++] = kEndBlockMarker;
    extra_hist[0]++;
  }

  // Estimated size in bits of an optimal encoding of these tokens (float32 arithmetic, as the original).
  int estimated_bits() const;
};

}  // namespace kiln::codec
