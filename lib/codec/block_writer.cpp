#include "codec/block_writer.hpp"

#include <algorithm>

namespace kiln::codec::deflate {
namespace {

constexpr size_t kOutBuffer = 1 << 16;
// The order in which a dynamic header lists the code-length code's lengths.

}  // namespace

BlockWriter::BlockWriter(ByteSinkFn sink) : sink_(std::move(sink)), out_(kOutBuffer + 8) {
  codegen_.reserve(kNumLiteralCodes + kNumOffsetCodes);
}

void BlockWriter::spill_word() {
  for (int i = 0; i < 4; ++i) out_[out_size_++] = static_cast<char>(bits_ >> (8 * i));
  bits_ >>= 32;
  nbits_ -= 32;
  if (out_size_ >= kOutBuffer) {
    sink_(out_.data(), out_size_);
    out_size_ = 0;
  }
}

void BlockWriter::flush() {
  for (; nbits_ > 0; nbits_ -= 8, bits_ >>= 8) out_[out_size_++] = static_cast<char>(bits_);
  nbits_ = 0;
  bits_ = 0;
  if (out_size_ > 0) sink_(out_.data(), out_size_);
  out_size_ = 0;
}

void BlockWriter::write_stored_header(uint16_t length, bool last) {
  write_bits(last ? 1 : 0, 3);
  flush();
  write_bits(length, 16);
  write_bits(static_cast<uint16_t>(~length), 16);
}

void BlockWriter::write_bytes(std::span<const uint8_t> bytes) {
  flush();  // write_stored_header left the bit stream at a byte boundary
  if (!bytes.empty()) sink_(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void BlockWriter::count_tokens(std::span<const Token> tokens) {
  literal_freq_.fill(0);
  offset_freq_.fill(0);
  for (Token t : tokens) {
    if (!is_match(t)) {
      ++literal_freq_[t];
      continue;
    }
    ++literal_freq_[kFirstLengthCode + kLengthCodes[match_xlength(t)]];
    ++offset_freq_[offset_code(match_xoffset(t))];
  }
  ++literal_freq_[kEndOfBlock];
  num_literals_ = kNumLiteralCodes;
  while (literal_freq_[num_literals_ - 1] == 0) --num_literals_;
  num_offsets_ = kNumOffsetCodes;
  while (num_offsets_ > 0 && offset_freq_[num_offsets_ - 1] == 0) --num_offsets_;
  if (num_offsets_ == 0) {
    // No matches: one offset code anyway, so that a dynamic header can describe the offset tree.
    offset_freq_[0] = 1;
    num_offsets_ = 1;
  }
  literal_code_.build(literal_freq_, 15);
  offset_code_.build(offset_freq_, 15);
}

void BlockWriter::generate_codegen(const HuffmanCode& offsets) {
  codegen_freq_.fill(0);
  codegen_.clear();
  std::array<uint8_t, kNumLiteralCodes + kNumOffsetCodes> lengths;
  for (int s = 0; s < num_literals_; ++s) lengths[s] = static_cast<uint8_t>(literal_code_[s].length);
  for (int s = 0; s < num_offsets_; ++s) lengths[num_literals_ + s] = static_cast<uint8_t>(offsets[s].length);
  run_length_code_lengths(std::span(lengths).first(static_cast<size_t>(num_literals_ + num_offsets_)), [&](Codegen c) {
    codegen_.push_back(c);
    ++codegen_freq_[c.symbol];
  });
}

int64_t BlockWriter::dynamic_size(const HuffmanCode& offsets, int64_t extra_bits) {
  num_codegens_ = kNumCodegenCodes;
  while (num_codegens_ > 4 && codegen_freq_[kCodegenOrder[num_codegens_ - 1]] == 0) --num_codegens_;
  int64_t header = 3 + 5 + 5 + 4 + 3 * num_codegens_ + codegen_code_.bit_length(codegen_freq_) +
                   codegen_freq_[16] * 2 + codegen_freq_[17] * 3 + codegen_freq_[18] * 7;
  return header + literal_code_.bit_length(literal_freq_) + offsets.bit_length(offset_freq_) + extra_bits;
}

void BlockWriter::write_dynamic_header(bool last) {
  write_bits(last ? 5 : 4, 3);
  write_bits(static_cast<uint32_t>(num_literals_ - 257), 5);
  write_bits(static_cast<uint32_t>(num_offsets_ - 1), 5);
  write_bits(static_cast<uint32_t>(num_codegens_ - 4), 4);
  for (int i = 0; i < num_codegens_; ++i) write_bits(codegen_code_[kCodegenOrder[i]].length, 3);
  for (const Codegen& c : codegen_) {
    write_code(codegen_code_[c.symbol]);
    if (c.symbol == 16) write_bits(c.repeat, 2);
    if (c.symbol == 17) write_bits(c.repeat, 3);
    if (c.symbol == 18) write_bits(c.repeat, 7);
  }
}

void BlockWriter::write_tokens(std::span<const Token> tokens, const HuffmanCode& literals, const HuffmanCode& offsets) {
  for (Token t : tokens) {
    if (!is_match(t)) {
      write_code(literals[t]);
      continue;
    }
    uint32_t xlength = match_xlength(t);
    uint32_t lcode = kLengthCodes[xlength];
    write_code(literals[kFirstLengthCode + lcode]);
    if (kLengthExtraBits[lcode] > 0) write_bits(xlength - kLengthBase[lcode], kLengthExtraBits[lcode]);
    uint32_t xoffset = match_xoffset(t);
    uint32_t ocode = offset_code(xoffset);
    write_code(offsets[ocode]);
    if (kOffsetExtraBits[ocode] > 0) write_bits(xoffset - kOffsetBase[ocode], kOffsetExtraBits[ocode]);
  }
  write_code(literals[kEndOfBlock]);
}

void BlockWriter::write_block(std::span<const Token> tokens, std::optional<std::span<const uint8_t>> input) {
  count_tokens(tokens);
  bool storable = input && input->size() <= 65535;
  // Length and offset extra bits cost the same in both Huffman forms; Go counts them only
  // when a stored block competes.
  int64_t extra_bits = 0;
  if (storable) {
    for (int code = kFirstLengthCode + 8; code < num_literals_; ++code)
      extra_bits += static_cast<int64_t>(literal_freq_[code]) * kLengthExtraBits[code - kFirstLengthCode];
    for (int code = 4; code < num_offsets_; ++code) extra_bits += static_cast<int64_t>(offset_freq_[code]) * kOffsetExtraBits[code];
  }
  const HuffmanCode* literals = &HuffmanCode::fixed_literals();
  const HuffmanCode* offsets = &HuffmanCode::fixed_offsets();
  int64_t size = 3 + literals->bit_length(literal_freq_) + offsets->bit_length(offset_freq_) + extra_bits;

  generate_codegen(offset_code_);
  codegen_code_.build(codegen_freq_, 7);
  int64_t dynamic = dynamic_size(offset_code_, extra_bits);
  if (dynamic < size) {
    size = dynamic;
    literals = &literal_code_;
    offsets = &offset_code_;
  }

  if (storable && static_cast<int64_t>(input->size() + 5) * 8 < size) {
    write_stored_header(static_cast<uint16_t>(input->size()), false);
    write_bytes(*input);
    return;
  }
  if (literals == &literal_code_)
    write_dynamic_header(false);
  else
    write_bits(2, 3);  // fixed Huffman, not last
  write_tokens(tokens, *literals, *offsets);
}

bool BlockWriter::stored_if_smaller(std::span<const uint8_t> input, int64_t bits) {
  if (static_cast<int64_t>(input.size() + 5) * 8 >= bits + (bits >> 4)) return false;
  write_stored_header(static_cast<uint16_t>(input.size()), false);
  write_bytes(input);
  return true;
}

void BlockWriter::write_block_dynamic(std::span<const Token> tokens, std::span<const uint8_t> input) {
  count_tokens(tokens);
  generate_codegen(offset_code_);
  codegen_code_.build(codegen_freq_, 7);
  // Go leaves the extra bits out of this estimate.
  if (stored_if_smaller(input, dynamic_size(offset_code_, 0))) return;
  write_dynamic_header(false);
  write_tokens(tokens, literal_code_, offset_code_);
}

void BlockWriter::write_block_huff(std::span<const uint8_t> input) {
  literal_freq_.fill(0);
  for (uint8_t byte : input) ++literal_freq_[byte];
  literal_freq_[kEndOfBlock] = 1;
  num_literals_ = kEndOfBlock + 1;
  // One offset code of length 1, only so that the header can describe an offset tree.
  offset_freq_.fill(0);
  offset_freq_[0] = 1;
  num_offsets_ = 1;
  literal_code_.build(literal_freq_, 15);
  offset_code_.build(offset_freq_, 15);
  generate_codegen(offset_code_);
  codegen_code_.build(codegen_freq_, 7);
  if (stored_if_smaller(input, dynamic_size(offset_code_, 0))) return;
  write_dynamic_header(false);
  for (uint8_t byte : input) write_code(literal_code_[byte]);
  write_code(literal_code_[kEndOfBlock]);
}

}  // namespace kiln::codec::deflate
