// Length-limited canonical Huffman codes built the way Go's compress/flate builds them, so that
// the chosen code lengths (and therefore the encoded bytes) are the same as Go's.
// After Go 1.19's compress/flate (BSD-style licence, Copyright 2009 The Go Authors).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "codec/deflate_symbols.hpp"

namespace kiln::codec::deflate {

// A code as written to the stream: `bits` already bit-reversed (deflate packs codes MSB first
// into an LSB-first bit stream), `length` 0 for symbols that do not occur.
struct SymbolCode {
  uint16_t bits = 0;
  uint16_t length = 0;
};

class HuffmanCode {
 public:
  // The code for `freq` (one count per symbol, at most kNumLiteralCodes) with lengths of at most
  // `max_bits`: Go's package-merge by levels, ties broken by symbol value.
  void build(std::span<const int32_t> freq, int max_bits);

  // Bits taken by symbols occurring `freq` times each.
  int64_t bit_length(std::span<const int32_t> freq) const;

  const SymbolCode& operator[](size_t symbol) const { return codes_[symbol]; }

  // RFC 1951 3.2.6's fixed codes.
  static const HuffmanCode& fixed_literals();
  static const HuffmanCode& fixed_offsets();

 private:
  // Canonical codes (RFC 1951 3.2.2) for the lengths already set on symbols [0, symbols).
  void assign_canonical(size_t symbols);

  std::array<SymbolCode, kNumLiteralCodes> codes_{};
};

}  // namespace kiln::codec::deflate
