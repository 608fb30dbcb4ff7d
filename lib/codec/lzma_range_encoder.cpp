#include "codec/lzma_range_encoder.hpp"

#include "kiln/error.hpp"

namespace kiln::codec {
namespace {

constexpr int kProbBits = 11;
constexpr int kMoveBits = 5;
constexpr uint32_t kTop = 1u << 24;

}  // namespace

void LzmaRangeEncoder::restart() {
  range_ = 0xffffffff;
  low_ = 0;
  cache_len_ = 1;
  cache_ = 0;
}

void LzmaRangeEncoder::encode_bit(uint32_t bit, LzmaProb& prob) {
  uint32_t bound = (range_ >> kProbBits) * prob;
  if ((bit & 1) == 0) {
    range_ = bound;
    prob += ((1u << kProbBits) - prob) >> kMoveBits;
  } else {
    low_ += bound;
    range_ -= bound;
    prob -= prob >> kMoveBits;
  }
  if (range_ < kTop) {
    range_ <<= 8;
    shift_low();
  }
}

void LzmaRangeEncoder::encode_direct_bits(uint32_t value, int count) {
  for (int i = count - 1; i >= 0; --i) {
    range_ >>= 1;
    low_ += range_ & (0 - ((value >> i) & 1));
    if (range_ < kTop) {
      range_ <<= 8;
      shift_low();
    }
  }
}

void LzmaRangeEncoder::encode_tree(LzmaProb* probs, int bits, uint32_t value) {
  uint32_t m = 1;
  for (int i = bits - 1; i >= 0; --i) {
    uint32_t bit = (value >> i) & 1;
    encode_bit(bit, probs[m]);
    m = (m << 1) | bit;
  }
}

void LzmaRangeEncoder::encode_reverse_tree(LzmaProb* probs, int bits, uint32_t value) {
  uint32_t m = 1;
  for (int i = 0; i < bits; ++i) {
    uint32_t bit = (value >> i) & 1;
    encode_bit(bit, probs[m]);
    m = (m << 1) | bit;
  }
}

void LzmaRangeEncoder::close() {
  for (int i = 0; i < 5; ++i) shift_low();
}

void LzmaRangeEncoder::shift_low() {
  if (static_cast<uint32_t>(low_) < 0xff000000u || (low_ >> 32) != 0) {
    uint8_t carry = static_cast<uint8_t>(low_ >> 32);
    uint8_t pending = cache_;
    do {
      // The encoder stops taking operations 16 bytes before the limit, so one never runs into it.
      if (available() < 1) throw Error("xz: an LZMA2 chunk overran its 64 KiB", ErrorCode::Error);
      out_.push_back(static_cast<uint8_t>(pending + carry));
      pending = 0xff;
    } while (--cache_len_ > 0);
    cache_ = static_cast<uint8_t>(static_cast<uint32_t>(low_) >> 24);
  }
  ++cache_len_;
  low_ = static_cast<uint64_t>(static_cast<uint32_t>(low_) << 8);
}

}  // namespace kiln::codec
