// The fast encoders of klauspost/compress 1.15.12 flate, one per level (klauspost_levelN.cpp).
#pragma once

#include <array>

#include "codec/klauspost_fast_encoder.hpp"

namespace kiln::codec {

class FastEncoderL1 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<int32_t, 1 << 15> table_{};
};

class FastEncoderL2 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<int32_t, 1 << 17> table_{};
};

class FastEncoderL3 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<EntryPrev, 1 << 16> table_{};
};

class FastEncoderL4 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<int32_t, 1 << 15> table_{};  // 4-byte hashes
  std::array<int32_t, 1 << 15> b_table_{};  // 7-byte hashes
};

class FastEncoderL5 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<int32_t, 1 << 15> table_{};  // 4-byte hashes
  std::array<EntryPrev, 1 << 15> b_table_{};  // 7-byte hashes
};

class FastEncoderL6 final : public FastEncoder {
 public:
  void encode(Tokens& dst, const uint8_t* src, int32_t size) override;

 private:
  void clear_tables() override;
  std::array<int32_t, 1 << 15> table_{};  // 4-byte hashes
  std::array<EntryPrev, 1 << 15> b_table_{};  // 7-byte hashes
};

}  // namespace kiln::codec
