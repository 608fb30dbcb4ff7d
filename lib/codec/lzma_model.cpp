#include "codec/lzma_model.hpp"

#include <bit>
#include <type_traits>

namespace kiln::codec {
namespace {

constexpr uint32_t kPosBitMask = 3;  // pb = 2
constexpr int kLiteralContextBits = 3;
constexpr uint32_t kStartPosModel = 4;
constexpr uint32_t kEndPosModel = 14;
constexpr int kAlignBits = 4;

template <typename Array>
void fill_probs(Array& probs) {
  for (auto& p : probs) {
    if constexpr (std::is_same_v<std::decay_t<decltype(p)>, LzmaProb>) {
      p = kLzmaProbInit;
    } else {
      fill_probs(p);
    }
  }
}

}  // namespace

LzmaLengthProbs::LzmaLengthProbs() {
  fill_probs(choice);
  fill_probs(low);
  fill_probs(mid);
  fill_probs(high);
}

LzmaModel::LzmaModel() {
  fill_probs(is_match_);
  fill_probs(is_rep0_long_);
  fill_probs(is_rep_);
  fill_probs(is_rep_g0_);
  fill_probs(is_rep_g1_);
  fill_probs(is_rep_g2_);
  fill_probs(literal_);
  fill_probs(pos_slot_);
  fill_probs(pos_special_);
  fill_probs(align_);
}

void LzmaModel::encode_literal(LzmaRangeEncoder& re, uint8_t byte, int64_t pos, uint8_t prev, uint8_t rep0_byte) {
  uint32_t pos_state = static_cast<uint32_t>(pos) & kPosBitMask;
  re.encode_bit(0, is_match_[(state_ << 4) | pos_state]);
  LzmaProb* probs = &literal_[0x300 * (prev >> (8 - kLiteralContextBits))];
  uint32_t symbol = 1;
  uint32_t rest = byte;
  if (state_ >= 7) {  // right after a match: code against the byte at the last distance while they agree
    uint32_t match = rep0_byte;
    while (symbol < 0x100) {
      uint32_t match_bit = (match >> 7) & 1;
      match <<= 1;
      uint32_t bit = (rest >> 7) & 1;
      rest <<= 1;
      re.encode_bit(bit, probs[((1 + match_bit) << 8) | symbol]);
      symbol = (symbol << 1) | bit;
      if (match_bit != bit) break;
    }
  }
  while (symbol < 0x100) {
    uint32_t bit = (rest >> 7) & 1;
    rest <<= 1;
    re.encode_bit(bit, probs[symbol]);
    symbol = (symbol << 1) | bit;
  }
  state_ = state_ < 4 ? 0 : state_ < 10 ? state_ - 3 : state_ - 6;
}

void LzmaModel::encode_match(LzmaRangeEncoder& re, uint32_t distance, int length, int64_t pos) {
  uint32_t dist = distance - 1;
  uint32_t pos_state = static_cast<uint32_t>(pos) & kPosBitMask;
  uint32_t state2 = (state_ << 4) | pos_state;
  re.encode_bit(1, is_match_[state2]);
  int g = 0;
  while (g < 4 && rep_[g] != dist) ++g;
  uint32_t len = static_cast<uint32_t>(length - kLzmaMinMatchLen);
  if (g == 4) {
    re.encode_bit(0, is_rep_[state_]);
    rep_ = {dist, rep_[0], rep_[1], rep_[2]};
    state_ = state_ < 7 ? 7 : 10;
    encode_length(re, match_len_, len, pos_state);
    encode_distance(re, dist, len);
    return;
  }
  re.encode_bit(1, is_rep_[state_]);
  re.encode_bit(g != 0, is_rep_g0_[state_]);
  if (g == 0) {
    re.encode_bit(length != 1, is_rep0_long_[state2]);
    if (length == 1) {
      state_ = state_ < 7 ? 9 : 11;
      return;
    }
  } else {
    re.encode_bit(g != 1, is_rep_g1_[state_]);
    if (g != 1) {
      re.encode_bit(g != 2, is_rep_g2_[state_]);
      if (g == 3) rep_[3] = rep_[2];
      rep_[2] = rep_[1];
    }
    rep_[1] = rep_[0];
    rep_[0] = dist;
  }
  state_ = state_ < 7 ? 8 : 11;
  encode_length(re, rep_len_, len, pos_state);
}

void LzmaModel::encode_length(LzmaRangeEncoder& re, LzmaLengthProbs& probs, uint32_t len, uint32_t pos_state) {
  if (len < 8) {
    re.encode_bit(0, probs.choice[0]);
    re.encode_tree(probs.low[pos_state].data(), 3, len);
    return;
  }
  re.encode_bit(1, probs.choice[0]);
  if (len < 16) {
    re.encode_bit(0, probs.choice[1]);
    re.encode_tree(probs.mid[pos_state].data(), 3, len - 8);
    return;
  }
  re.encode_bit(1, probs.choice[1]);
  re.encode_tree(probs.high.data(), 8, len - 16);
}

void LzmaModel::encode_distance(LzmaRangeEncoder& re, uint32_t dist, uint32_t len) {
  uint32_t pos_slot = dist;
  int bits = 0;
  if (dist >= kStartPosModel) {
    bits = 30 - std::countl_zero(dist);
    pos_slot = kStartPosModel - 2 + (static_cast<uint32_t>(bits) << 1) + ((dist >> bits) & 1);
  }
  re.encode_tree(pos_slot_[len < 3 ? len : 3].data(), 6, pos_slot);
  if (pos_slot < kStartPosModel) return;
  if (pos_slot < kEndPosModel) {
    re.encode_reverse_tree(pos_special_[pos_slot - kStartPosModel].data(), static_cast<int>(pos_slot >> 1) - 1, dist);
    return;
  }
  re.encode_direct_bits(dist >> kAlignBits, bits - kAlignBits);
  re.encode_reverse_tree(align_.data(), kAlignBits, dist);
}

}  // namespace kiln::codec
