// The block writer of klauspost/compress 1.15.12 flate (huffman_bit_writer.go, BSD-3-Clause): chooses between
// stored, fixed, new dynamic and reused dynamic Huffman blocks from its size estimates, and writes them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "codec/huffman_lengths.hpp"
#include "codec/klauspost_huffman.hpp"
#include "codec/klauspost_tokens.hpp"

namespace kiln::codec {

// Uncompressed bytes a block was made from: `data == nullptr` means "unknown", which rules out a stored block.
struct BlockInput {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

class HuffmanBitWriter {
 public:
  // log_new_table_penalty: how much a fresh table's estimate is inflated (1 >> penalty) against reusing the last.
  explicit HuffmanBitWriter(unsigned log_new_table_penalty) : log_new_table_penalty_(log_new_table_penalty) {}

  // Starts a new stream appended to *out.
  void reset(std::string* out);
  // Ends any open block and writes out all bits, padding to a byte.
  void flush();
  void write_stored_header(int length, bool eof);
  void write_bytes(const uint8_t* data, size_t size);
  // Tokens as a dynamic (possibly reused) Huffman block, or fixed or stored when that is estimated smaller.
  // Without sync the table may stay open for the next block.
  void write_block_dynamic(Tokens& tokens, bool eof, BlockInput input, bool sync);
  // Literals only: Huffman coded, or stored when that gains too little.
  void write_block_huff(bool eof, BlockInput input, bool sync);

 private:
  void write_fixed_header(bool eof);
  void write_dynamic_header(int num_literals, int num_offsets, int num_codegens, bool eof);
  void write_stored(BlockInput input, bool eof) {
    write_stored_header(static_cast<int>(input.size), eof);
    write_bytes(input.data, input.size);
  }
  void write_tokens(const Tokens& tokens, const HuffmanEncoder& lit, const HuffmanEncoder& off);
  void write_eob() { write_code(literal_encoding_->codes[kEndBlockMarker]); }

  void generate_codegen(int num_literals, int num_offsets, const HuffmanEncoder& lit, const HuffmanEncoder& off);
  int codegens() const;
  int header_size() const;
  std::pair<int, int> index_tokens(const Tokens& tokens, bool filled);
  bool can_reuse(const Tokens& tokens) const;
  int extra_bit_size() const;
  int fixed_size(int extra_bits) const;
  int stored_size(BlockInput input) const { return input.data && input.size <= kMaxStoreBlockSize ? static_cast<int>(input.size + 5) * 8 : 0; }
  bool storable(BlockInput input) const { return input.data && input.size <= kMaxStoreBlockSize; }

  void write_bits(uint64_t value, unsigned n) {
    bits_ |= value << (nbits_ & 63);
    nbits_ += n;
    if (nbits_ >= 48) write_out_bits();
  }
  void write_code(HuffCode c) { write_bits(code_bits(c), code_len(c)); }
  void write_out_bits();
  void emit(const uint8_t* data, size_t size) { out_->append(reinterpret_cast<const char*>(data), size); }

  std::string* out_ = nullptr;
  uint64_t bits_ = 0;
  unsigned nbits_ = 0;
  unsigned nbytes_ = 0;
  std::array<uint8_t, 256 + 8> bytes_{};

  // Open-table state: last_header_ > 0 means a dynamic table is open (and owed an end of block); it holds the
  // table's header size, the estimate a new table is charged. last_huffman_: the open table codes literals only.
  int last_header_ = 0;
  bool last_huffman_ = false;
  unsigned log_new_table_penalty_;

  HuffmanEncoder lit_a_, lit_b_, offset_encoding_, codegen_encoding_;
  HuffmanEncoder* literal_encoding_ = &lit_a_;
  HuffmanEncoder* tmp_lit_encoding_ = &lit_b_;
  std::array<uint16_t, kLengthCodesStart + 32> literal_freq_{};
  std::array<uint16_t, 32> offset_freq_{};
  std::array<uint16_t, kCodegenCodeCount> codegen_freq_{};
  std::vector<Codegen> codegen_;
};

}  // namespace kiln::codec
