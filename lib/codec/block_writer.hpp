// Deflate blocks as Go's compress/flate writes them: for each block of tokens the smallest of a
// stored, fixed-Huffman or dynamic-Huffman block by Go's own size estimates, packed LSB first.
// After Go 1.19's compress/flate (BSD-style licence, Copyright 2009 The Go Authors).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "codec/huffman_code.hpp"
#include "codec/huffman_lengths.hpp"
#include "util/stream_compress.hpp"

namespace kiln::codec::deflate {

class BlockWriter {
 public:
  explicit BlockWriter(ByteSinkFn sink);

  // A non-final block of `tokens`. `input`, the bytes they encode, allows a stored block; Go
  // passes none when the block's bytes are no longer all in its window.
  void write_block(std::span<const Token> tokens, std::optional<std::span<const uint8_t>> input);
  // Go's level 1 blocks: dynamic Huffman, or stored unless Huffman saves over 1/16th (input ≤ 65535 bytes).
  void write_block_dynamic(std::span<const Token> tokens, std::span<const uint8_t> input);
  // The same with every byte a literal (Go's writeBlockHuff), for input that matching hardly shrinks.
  void write_block_huff(std::span<const uint8_t> input);
  // A stored block's header (the bytes follow with write_bytes); padded to a byte boundary.
  void write_stored_header(uint16_t length, bool last);
  void write_bytes(std::span<const uint8_t> bytes);
  // Pads the last byte with zero bits and hands everything buffered to the sink.
  void flush();

 private:
  void write_bits(uint32_t value, int count) {
    bits_ |= static_cast<uint64_t>(value) << nbits_;
    nbits_ += count;
    if (nbits_ >= 32) spill_word();
  }
  void write_code(const SymbolCode& code) { write_bits(code.bits, code.length); }
  void spill_word();
  void count_tokens(std::span<const Token> tokens);
  void generate_codegen(const HuffmanCode& offsets);
  int64_t dynamic_size(const HuffmanCode& offsets, int64_t extra_bits);
  void write_dynamic_header(bool last);
  // Writes `input` stored, and returns true, when that beats a dynamic block of `bits` by Go's margin.
  bool stored_if_smaller(std::span<const uint8_t> input, int64_t bits);
  void write_tokens(std::span<const Token> tokens, const HuffmanCode& literals, const HuffmanCode& offsets);

  ByteSinkFn sink_;
  std::vector<char> out_;
  size_t out_size_ = 0;
  uint64_t bits_ = 0;
  int nbits_ = 0;

  std::array<int32_t, kNumLiteralCodes> literal_freq_{};
  std::array<int32_t, kNumOffsetCodes> offset_freq_{};
  std::array<int32_t, kNumCodegenCodes> codegen_freq_{};
  int num_literals_ = 0, num_offsets_ = 0, num_codegens_ = 0;
  HuffmanCode literal_code_, offset_code_, codegen_code_;
  std::vector<Codegen> codegen_;
};

}  // namespace kiln::codec::deflate
