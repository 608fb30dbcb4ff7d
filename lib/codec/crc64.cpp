#include "codec/crc64.hpp"

#include <array>

namespace kiln::codec {
namespace {

constexpr uint64_t kPolynomial = 0xC96C5795D7870F42ull;  // ECMA-182, bit-reversed

// Slicing by 8: tables[k][b] is the CRC of byte b followed by k zero bytes.
constexpr std::array<std::array<uint64_t, 256>, 8> make_tables() {
  std::array<std::array<uint64_t, 256>, 8> tables{};
  for (uint64_t b = 0; b < 256; ++b) {
    uint64_t crc = b;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? kPolynomial : 0);
    tables[0][b] = crc;
  }
  for (size_t k = 1; k < 8; ++k)
    for (size_t b = 0; b < 256; ++b) tables[k][b] = (tables[k - 1][b] >> 8) ^ tables[0][tables[k - 1][b] & 0xff];
  return tables;
}

constexpr auto kTables = make_tables();

}  // namespace

uint64_t crc64_xz(uint64_t crc, const uint8_t* data, size_t size) {
  crc = ~crc;
  for (; size >= 8; data += 8, size -= 8) {
    uint64_t word = crc;
    for (int i = 0; i < 8; ++i) word ^= static_cast<uint64_t>(data[i]) << (8 * i);
    crc = 0;
    for (int i = 0; i < 8; ++i) crc ^= kTables[7 - i][(word >> (8 * i)) & 0xff];
  }
  for (; size > 0; ++data, --size) crc = (crc >> 8) ^ kTables[0][(crc ^ *data) & 0xff];
  return ~crc;
}

}  // namespace kiln::codec
