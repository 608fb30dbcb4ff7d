// The fast encoders of klauspost/compress 1.15.12 flate, one per level (klauspost_levelN.cpp).
#pragma once

#include <array>

#include "codec/klauspost_fast_encoder.hpp"

namespace kiln::codec {

class FastEncoderL5 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<int32_t, 1 << 15> table_{};
  std::array<EntryPrev, 1 << 15> b_table_{};
};

}  // namespace kiln::codec
