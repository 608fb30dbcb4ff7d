// The LZMA coder state as ulikunitz/xz 0.5.6 (BSD-3-Clause) keeps and encodes it for lc=3, lp=0, pb=2
// (its only configuration in Packer): the last four distances, the 12-state machine and every adaptive
// probability. A plain value, so an LZMA2 writer can go back to a chunk's starting state by copying.
#pragma once

#include <array>
#include <cstdint>

#include "codec/lzma_range_encoder.hpp"

namespace kiln::codec {

constexpr int kLzmaMinMatchLen = 2;
constexpr int kLzmaMaxMatchLen = 273;
constexpr uint8_t kLzmaPropertiesByte = (2 * 5 + 0) * 9 + 3;  // (pb * 5 + lp) * 9 + lc

struct LzmaLengthProbs {
  LzmaLengthProbs();
  std::array<LzmaProb, 2> choice;
  std::array<std::array<LzmaProb, 8>, 16> low;  // ulikunitz keeps 16 position states, pb=2 uses 4
  std::array<std::array<LzmaProb, 8>, 16> mid;
  std::array<LzmaProb, 256> high;
};

class LzmaModel {
 public:
  LzmaModel();

  // pos: the byte's position in the stream; prev: the byte before it; rep0_byte: the byte at the last
  // distance (the "match byte" that literals after a match are coded against).
  void encode_literal(LzmaRangeEncoder& re, uint8_t byte, int64_t pos, uint8_t prev, uint8_t rep0_byte);
  // distance ≥ 1; length 1 only at the last distance (a short rep).
  void encode_match(LzmaRangeEncoder& re, uint32_t distance, int length, int64_t pos);
  uint32_t rep0() const { return rep_[0]; }

 private:
  void encode_length(LzmaRangeEncoder& re, LzmaLengthProbs& probs, uint32_t len, uint32_t pos_state);
  void encode_distance(LzmaRangeEncoder& re, uint32_t dist, uint32_t len);

  std::array<uint32_t, 4> rep_{};
  uint32_t state_ = 0;
  std::array<LzmaProb, 12 << 4> is_match_;
  std::array<LzmaProb, 12 << 4> is_rep0_long_;
  std::array<LzmaProb, 12> is_rep_, is_rep_g0_, is_rep_g1_, is_rep_g2_;
  std::array<LzmaProb, 0x300 << 3> literal_;
  LzmaLengthProbs match_len_, rep_len_;
  std::array<std::array<LzmaProb, 64>, 4> pos_slot_;
  std::array<std::array<LzmaProb, 32>, 10> pos_special_;  // slots 4-13, reverse trees of 1-5 bits
  std::array<LzmaProb, 16> align_;
};

}  // namespace kiln::codec
