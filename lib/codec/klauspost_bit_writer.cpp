#include "codec/klauspost_bit_writer.hpp"

#include <cstring>
#include <utility>

namespace kiln::codec {
namespace {

constexpr int kMaxPredefinedTokens = 250;  // below this many tokens a fixed-code block is considered
constexpr unsigned kBufferFlushSize = 246;
constexpr int kGuessHeaderSizeBits = 70 * 8;  // a literal-only block's header, guessed before it is built

}  // namespace

void HuffmanBitWriter::reset(std::string* out) {
  out_ = out;
  bits_ = 0;
  nbits_ = 0;
  nbytes_ = 0;
  last_header_ = 0;
  last_huffman_ = false;
}

void HuffmanBitWriter::write_out_bits() {
  std::memcpy(&bytes_[nbytes_], &bits_, 8);
  bits_ >>= 48;
  nbits_ -= 48;
  nbytes_ += 6;
  if (nbytes_ >= kBufferFlushSize) {
    emit(bytes_.data(), nbytes_);
    nbytes_ = 0;
  }
}

void HuffmanBitWriter::flush() {
  if (last_header_ > 0) {
    write_eob();
    last_header_ = 0;
  }
  unsigned n = nbytes_;
  while (nbits_ != 0) {
    bytes_[n++] = static_cast<uint8_t>(bits_);
    bits_ >>= 8;
    nbits_ = nbits_ > 8 ? nbits_ - 8 : 0;
  }
  bits_ = 0;
  emit(bytes_.data(), n);
  nbytes_ = 0;
}

void HuffmanBitWriter::write_bytes(const uint8_t* data, size_t size) {
  unsigned n = nbytes_;
  while (nbits_ != 0) {  // whole bytes only: a stored header was flushed to a byte boundary
    bytes_[n++] = static_cast<uint8_t>(bits_);
    bits_ >>= 8;
    nbits_ -= 8;
  }
  if (n != 0) emit(bytes_.data(), n);
  nbytes_ = 0;
  emit(data, size);
}

void HuffmanBitWriter::write_stored_header(int length, bool eof) {
  if (last_header_ > 0) {
    write_eob();
    last_header_ = 0;
  }
  if (length == 0 && eof) {  // an empty final block is cheaper as a fixed-code block: 10 bits
    write_fixed_header(eof);
    write_bits(0, 7);
    flush();
    return;
  }
  write_bits(eof ? 1 : 0, 3);
  flush();
  write_bits(static_cast<uint16_t>(length), 16);
  write_bits(static_cast<uint16_t>(~length), 16);
}

void HuffmanBitWriter::write_fixed_header(bool eof) {
  if (last_header_ > 0) {
    write_eob();
    last_header_ = 0;
  }
  write_bits(eof ? 3 : 2, 3);
}

void HuffmanBitWriter::write_dynamic_header(int num_literals, int num_offsets, int num_codegens, bool eof) {
  write_bits(eof ? 5 : 4, 3);
  write_bits(static_cast<uint64_t>(num_literals - 257), 5);
  write_bits(static_cast<uint64_t>(num_offsets - 1), 5);
  write_bits(static_cast<uint64_t>(num_codegens - 4), 4);
  for (int i = 0; i < num_codegens; ++i) write_bits(code_len(codegen_encoding_.codes[kCodegenOrder[i]]), 3);
  for (const Codegen& c : codegen_) {
    write_code(codegen_encoding_.codes[c.symbol]);
    if (c.symbol == 16) write_bits(c.repeat, 2);
    if (c.symbol == 17) write_bits(c.repeat, 3);
    if (c.symbol == 18) write_bits(c.repeat, 7);
  }
}

// The run-length coded code lengths of RFC 1951 3.2.7, into codegen_, with their frequencies.
void HuffmanBitWriter::generate_codegen(int num_literals, int num_offsets, const HuffmanEncoder& lit,
                                        const HuffmanEncoder& off) {
  codegen_freq_.fill(0);
  codegen_.clear();
  std::array<uint8_t, kLiteralCount + kOffsetCodeCount> lengths;
  for (int i = 0; i < num_literals; ++i) lengths[i] = code_len(lit.codes[i]);
  for (int i = 0; i < num_offsets; ++i) lengths[num_literals + i] = code_len(off.codes[i]);
  run_length_code_lengths(std::span(lengths).first(static_cast<size_t>(num_literals + num_offsets)), [&](Codegen c) {
    codegen_.push_back(c);
    codegen_freq_[c.symbol]++;
  });
}

int HuffmanBitWriter::codegens() const {
  int n = kCodegenCodeCount;
  while (n > 4 && codegen_freq_[kCodegenOrder[n - 1]] == 0) --n;
  return n;
}

int HuffmanBitWriter::header_size() const {
  return 3 + 5 + 5 + 4 + 3 * codegens() + codegen_encoding_.bit_length(codegen_freq_.data(), kCodegenCodeCount) +
         codegen_freq_[16] * 2 + codegen_freq_[17] * 3 + codegen_freq_[18] * 7;
}

// Loads the histograms; returns how many literal and offset codes the header must declare.
std::pair<int, int> HuffmanBitWriter::index_tokens(const Tokens& t, bool filled) {
  std::memcpy(literal_freq_.data(), t.lit_hist.data(), sizeof t.lit_hist);
  std::memcpy(literal_freq_.data() + 256, t.extra_hist.data(), sizeof t.extra_hist);
  offset_freq_ = t.off_hist;
  if (t.n == 0) return {0, 0};
  if (filled) return {kLiteralCount, kOffsetCodeCount};  // an open table declares every symbol
  int literals = static_cast<int>(literal_freq_.size());
  while (literal_freq_[literals - 1] == 0) --literals;
  int offsets = static_cast<int>(offset_freq_.size());
  while (offsets > 0 && offset_freq_[offsets - 1] == 0) --offsets;
  if (offsets == 0) {  // a distance tree needs one code even without matches
    offset_freq_[0] = 1;
    offsets = 1;
  }
  return {literals, offsets};
}

bool HuffmanBitWriter::can_reuse(const Tokens& t) const {
  for (int i = 0; i < kOffsetCodeCount; ++i)
    if (t.off_hist[i] != 0 && offset_encoding_.codes[i] == 0) return false;
  for (int i = 0; i < kLiteralCount - 256; ++i)
    if (t.extra_hist[i] != 0 && literal_encoding_->codes[256 + i] == 0) return false;
  for (int i = 0; i < 256; ++i)
    if (t.lit_hist[i] != 0 && literal_encoding_->codes[i] == 0) return false;
  return true;
}

int HuffmanBitWriter::extra_bit_size() const {
  int total = 0;
  for (int i = 0; i < kLiteralCount - kLengthCodesStart; ++i) total += literal_freq_[257 + i] * kLengthExtraBits[i];
  for (int i = 0; i < kOffsetCodeCount; ++i) total += offset_freq_[i] * kOffsetExtraBits[i];
  return total;
}

int HuffmanBitWriter::fixed_size(int extra_bits) const {
  return 3 + fixed_literal_encoding().bit_length(literal_freq_.data(), static_cast<int>(literal_freq_.size())) +
         fixed_offset_encoding().bit_length(offset_freq_.data(), static_cast<int>(offset_freq_.size())) + extra_bits;
}

void HuffmanBitWriter::write_block_dynamic(Tokens& tokens, bool eof, BlockInput input, bool sync) {
  sync = sync || eof;
  if (sync) tokens.add_eob();
  // A literal-only table cannot code matches, and the last block must close its own table.
  if ((last_huffman_ || eof) && last_header_ > 0) {
    write_eob();
    last_header_ = 0;
    last_huffman_ = false;
  }
  if (last_header_ > 0 && !can_reuse(tokens)) {
    write_eob();
    last_header_ = 0;
  }
  auto [num_literals, num_offsets] = index_tokens(tokens, !sync);
  int ssize = stored_size(input);
  bool can_store = storable(input);
  int extra_bits = can_store || last_header_ > 0 ? extra_bit_size() : 0;

  auto write_fixed = [&] {
    write_fixed_header(eof);
    if (!sync) tokens.add_eob();
    write_tokens(tokens, fixed_literal_encoding(), fixed_offset_encoding());
  };

  int size = 0;
  if (last_header_ > 0) {
    // A new table's estimate: the last header's size, an optimal coding of the tokens and a penalty.
    int new_size = last_header_ + tokens.estimated_bits();
    new_size += code_len(literal_encoding_->codes[kEndBlockMarker]) + (new_size >> log_new_table_penalty_);
    int reuse_size = literal_encoding_->bit_length(literal_freq_.data(), static_cast<int>(literal_freq_.size())) +
                     offset_encoding_.bit_length(offset_freq_.data(), static_cast<int>(offset_freq_.size())) + extra_bits;
    if (new_size < reuse_size) {
      write_eob();
      size = new_size;
      last_header_ = 0;
    } else {
      size = reuse_size;
    }
    if (tokens.n < kMaxPredefinedTokens && fixed_size(extra_bits) + 7 < size) {
      if (can_store && ssize <= size) return write_stored(input, eof);
      return write_fixed();
    }
    if (can_store && ssize <= size) return write_stored(input, eof);
  }

  if (last_header_ == 0) {
    literal_freq_[kEndBlockMarker] = 1;
    literal_encoding_->generate(literal_freq_.data(), kLiteralCount, 15);
    offset_encoding_.generate(offset_freq_.data(), kOffsetCodeCount, 15);
    generate_codegen(num_literals, num_offsets, *literal_encoding_, offset_encoding_);
    codegen_encoding_.generate(codegen_freq_.data(), kCodegenCodeCount, 7);
    int num_codegens = codegens();
    size = header_size() + literal_encoding_->bit_length(literal_freq_.data(), static_cast<int>(literal_freq_.size())) +
           offset_encoding_.bit_length(offset_freq_.data(), static_cast<int>(offset_freq_.size())) + extra_bits;
    if (tokens.n < kMaxPredefinedTokens) {
      int pre_size = fixed_size(extra_bits);
      if (pre_size <= size) {
        if (can_store && ssize <= pre_size) return write_stored(input, eof);
        return write_fixed();
      }
    }
    if (can_store && ssize <= size) return write_stored(input, eof);
    write_dynamic_header(num_literals, num_offsets, num_codegens, eof);
    if (!sync) last_header_ = header_size();
    last_huffman_ = false;
  }
  if (sync) last_header_ = 0;
  write_tokens(tokens, *literal_encoding_, offset_encoding_);
}

void HuffmanBitWriter::write_block_huff(bool eof, BlockInput input, bool sync) {
  literal_freq_.fill(0);
  if (!last_huffman_) offset_freq_.fill(0);
  for (size_t i = 0; i < input.size; ++i) literal_freq_[input.data[i]]++;

  int ssize = stored_size(input);
  bool can_store = storable(input);
  if (can_store && input.size > 1024) {
    // Quick check for incompressible content: a near-flat histogram.
    double abs = 0;
    double avg = static_cast<double>(input.size) / 256;
    double max = static_cast<double>(input.size * 2);
    for (int i = 0; i < 256; ++i) {
      double diff = literal_freq_[i] - avg;
      abs += diff * diff;
      if (abs > max) break;
    }
    if (abs < max) return write_stored(input, eof);
  }
  constexpr int kNumLiterals = kEndBlockMarker + 1;
  literal_freq_[kEndBlockMarker] = 1;
  tmp_lit_encoding_->generate(literal_freq_.data(), kNumLiterals, 15);
  int est_bits = tmp_lit_encoding_->can_reuse_bits(literal_freq_.data(), kNumLiterals);
  if (est_bits < INT32_MAX) {
    est_bits += last_header_;
    if (last_header_ == 0) est_bits += kGuessHeaderSizeBits;
    est_bits += est_bits >> log_new_table_penalty_;
  }
  if (can_store && ssize <= est_bits) return write_stored(input, eof);

  if (last_header_ > 0 && est_bits < literal_encoding_->can_reuse_bits(literal_freq_.data(), 256)) {
    write_eob();
    last_header_ = 0;
  }
  if (last_header_ == 0) {
    std::swap(literal_encoding_, tmp_lit_encoding_);
    generate_codegen(kNumLiterals, 1, *literal_encoding_, huff_only_offset_encoding());
    codegen_encoding_.generate(codegen_freq_.data(), kCodegenCodeCount, 7);
    write_dynamic_header(kNumLiterals, 1, codegens(), eof);
    last_huffman_ = true;
    last_header_ = header_size();
  }

  const HuffCode* codes = literal_encoding_->codes.data();
  for (size_t i = 0; i < input.size; ++i) write_code(codes[input.data[i]]);
  if (eof || sync) {
    write_eob();
    last_header_ = 0;
    last_huffman_ = false;
  }
}

void HuffmanBitWriter::write_tokens(const Tokens& t, const HuffmanEncoder& lit, const HuffmanEncoder& off) {
  uint32_t n = t.n;
  if (n == 0) return;
  bool defer_eob = t.tokens[n - 1] == kEndBlockMarker;
  if (defer_eob) --n;
  const HuffCode* lits = lit.codes.data();
  const HuffCode* lengths = lits + kLengthCodesStart;
  const HuffCode* offs = off.codes.data();
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t tok = t.tokens[i];
    if (tok < 256) {
      write_code(lits[tok]);
      continue;
    }
    uint8_t length = static_cast<uint8_t>(tok >> kLengthShift);
    uint32_t length_code = kLengthCodes[length] & 31u;
    write_code(lengths[length_code]);
    if (kLengthExtraBits[length_code] != 0) write_bits(length - kLengthBase[length_code], kLengthExtraBits[length_code]);
    uint32_t offset = tok & kOffsetMask;
    uint32_t offset_code = (offset >> 16) & 31;
    write_code(offs[offset_code]);
    if (kOffsetExtraBits[offset_code] != 0)
      write_bits((offset - kOffsetBase[offset_code]) & kMatchOffsetOnlyMask, kOffsetExtraBits[offset_code]);
  }
  if (defer_eob) write_code(lits[kEndBlockMarker]);
}

}  // namespace kiln::codec
