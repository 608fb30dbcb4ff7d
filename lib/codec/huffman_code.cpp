#include "codec/huffman_code.hpp"

#include <algorithm>
#include <tuple>

#include "codec/huffman_lengths.hpp"

namespace kiln::codec::deflate {
namespace {

struct Leaf {
  uint16_t symbol;
  int32_t freq;
};

}  // namespace

void HuffmanCode::build(std::span<const int32_t> freq, int max_bits) {
  std::array<Leaf, kNumLiteralCodes> leaves;
  int32_t n = 0;
  for (size_t s = 0; s < freq.size(); ++s) {
    codes_[s] = {};
    if (freq[s] != 0) leaves[n++] = {static_cast<uint16_t>(s), freq[s]};
  }
  if (n <= 2) {
    // One or two symbols: one bit each, in symbol order.
    for (int32_t i = 0; i < n; ++i) codes_[leaves[i].symbol] = {static_cast<uint16_t>(i), 1};
    return;
  }
  std::sort(leaves.begin(), leaves.begin() + n,
            [](const Leaf& a, const Leaf& b) { return a.freq != b.freq ? a.freq < b.freq : a.symbol < b.symbol; });
  auto per_length = count_code_lengths([&](int32_t i) { return i < n ? leaves[i].freq : kNoMoreLeaves; }, n, max_bits);
  // The most frequent leaves get the shortest codes.
  int32_t end = n;
  for (int bits = 1; bits <= kMaxHuffmanBits; ++bits)
    for (int32_t k = 0; k < per_length[bits]; ++k) codes_[leaves[--end].symbol].length = static_cast<uint16_t>(bits);
  assign_canonical(freq.size());
}

void HuffmanCode::assign_canonical(size_t symbols) {
  std::array<uint16_t, kMaxHuffmanBits + 1> next{};
  std::array<uint16_t, kMaxHuffmanBits + 1> count{};
  for (size_t s = 0; s < symbols; ++s) ++count[codes_[s].length];
  count[0] = 0;
  for (int bits = 1, code = 0; bits <= kMaxHuffmanBits; ++bits) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = static_cast<uint16_t>(code);
  }
  for (size_t s = 0; s < symbols; ++s)
    if (int len = codes_[s].length) codes_[s].bits = reverse_bits(next[len]++, len);
}

int64_t HuffmanCode::bit_length(std::span<const int32_t> freq) const {
  int64_t total = 0;
  for (size_t s = 0; s < freq.size(); ++s) total += static_cast<int64_t>(freq[s]) * codes_[s].length;
  return total;
}

const HuffmanCode& HuffmanCode::fixed_literals() {
  // Canonical over RFC 1951's 288 symbols, of which the last two are never used.
  static const HuffmanCode code = [] {
    HuffmanCode c;
    for (int s = 0; s < kNumLiteralCodes; ++s) {
      auto [first_code, first_symbol, length] = s < 144   ? std::tuple{0x30, 0, 8}
                                                : s < 256 ? std::tuple{0x190, 144, 9}
                                                : s < 280 ? std::tuple{0x00, 256, 7}
                                                          : std::tuple{0xc0, 280, 8};
      c.codes_[s] = {reverse_bits(static_cast<uint16_t>(first_code + s - first_symbol), length), static_cast<uint16_t>(length)};
    }
    return c;
  }();
  return code;
}

const HuffmanCode& HuffmanCode::fixed_offsets() {
  static const HuffmanCode code = [] {
    HuffmanCode c;
    for (int s = 0; s < kNumOffsetCodes; ++s) c.codes_[s].length = 5;
    c.assign_canonical(kNumOffsetCodes);
    return c;
  }();
  return code;
}

}  // namespace kiln::codec::deflate
