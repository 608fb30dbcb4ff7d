#include "codec/klauspost_huffman.hpp"

#include "codec/huffman_lengths.hpp"
#include "codec/klauspost_sort.hpp"

namespace kiln::codec {
namespace {

HuffCode make_code(uint16_t code, uint8_t length) { return length | static_cast<HuffCode>(code) << 8; }

}  // namespace

void HuffmanEncoder::generate(const uint16_t* freq, int n, int max_bits) {
  LiteralNode* list = nodes_.data();
  int count = 0;
  for (int i = 0; i < n; ++i) {
    if (freq[i] != 0)
      list[count++] = {static_cast<uint16_t>(i), freq[i]};
    else
      codes[i] = 0;
  }
  if (count <= 2) {  // one or two symbols: each gets one bit, in symbol order
    for (int i = 0; i < count; ++i) codes[list[i].literal] = make_code(static_cast<uint16_t>(i), 1);
    return;
  }
  sort_by_freq(list, count);
  int32_t bits = max_bits > count - 1 ? count - 1 : max_bits;
  auto bit_count = count_code_lengths([&](int32_t i) { return i < count ? int32_t{list[i].freq} : kNoMoreLeaves; }, count, bits);
  assign_codes(bit_count.data(), bits + 1, list, count);
}

// Canonical codes: the least frequent leaves get the longest codes; equal lengths go in symbol order.
void HuffmanEncoder::assign_codes(const int32_t* bit_count, int levels, LiteralNode* list, int n) {
  uint16_t code = 0;
  for (int len = 0; len < levels; ++len) {
    code = static_cast<uint16_t>(code << 1);
    int32_t bits = bit_count[len];
    if (len == 0 || bits == 0) continue;
    LiteralNode* chunk = list + n - bits;
    sort_by_literal(chunk, bits);
    for (int i = 0; i < bits; ++i)
      codes[chunk[i].literal] = make_code(reverse_bits(code++, static_cast<uint8_t>(len)), static_cast<uint8_t>(len));
    n -= bits;
  }
}

const HuffmanEncoder& fixed_literal_encoding() {
  static const HuffmanEncoder h = [] {
    HuffmanEncoder e;
    for (int ch = 0; ch < kLiteralCount; ++ch) {
      uint16_t bits;
      uint8_t size;
      if (ch < 144) {
        bits = static_cast<uint16_t>(ch + 48), size = 8;
      } else if (ch < 256) {
        bits = static_cast<uint16_t>(ch + 400 - 144), size = 9;
      } else if (ch < 280) {
        bits = static_cast<uint16_t>(ch - 256), size = 7;
      } else {
        bits = static_cast<uint16_t>(ch + 192 - 280), size = 8;
      }
      e.codes[ch] = make_code(reverse_bits(bits, size), size);
    }
    return e;
  }();
  return h;
}

const HuffmanEncoder& fixed_offset_encoding() {
  static const HuffmanEncoder h = [] {
    HuffmanEncoder e;
    for (int ch = 0; ch < kOffsetCodeCount; ++ch) e.codes[ch] = make_code(reverse_bits(static_cast<uint16_t>(ch), 5), 5);
    return e;
  }();
  return h;
}

const HuffmanEncoder& huff_only_offset_encoding() {
  static const HuffmanEncoder h = [] {
    HuffmanEncoder e;
    uint16_t freq[kOffsetCodeCount] = {1};
    e.generate(freq, kOffsetCodeCount, 15);
    return e;
  }();
  return h;
}

}  // namespace kiln::codec
