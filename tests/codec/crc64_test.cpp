#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "codec/crc64.hpp"
#include "generated_data.hpp"

using kiln::codec::crc64_xz;

namespace {

uint64_t crc_of(std::string_view s) { return crc64_xz(0, reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

}  // namespace

TEST_CASE("crc64: published CRC-64/XZ check values") {
  CHECK(crc_of("") == 0);
  CHECK(crc_of("123456789") == 0x995DC9BBDF1939FAull);  // the catalogue's check value
  CHECK(crc_of("a") == 0x330284772E652B05ull);  // from a bit-at-a-time reading of the definition
}

TEST_CASE("crc64: chaining over pieces of any size gives the one-shot value") {
  auto data = kiln::test::random_bytes(10000, 9);
  uint64_t whole = crc64_xz(0, data.data(), data.size());
  for (size_t piece : {1, 3, 7, 8, 9, 4096}) {
    uint64_t crc = 0;
    for (size_t i = 0; i < data.size(); i += piece)
      crc = crc64_xz(crc, data.data() + i, std::min(piece, data.size() - i));
    CAPTURE(piece);
    CHECK(crc == whole);
  }
}
