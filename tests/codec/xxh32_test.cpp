#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "codec/xxh32.hpp"

using namespace kiln::codec;

namespace {

// xxhsum's sanity buffer (xxHash's cli/xsum_sanity_check.c): bytes from a 64-bit multiplicative generator.
std::vector<uint8_t> sanity_buffer(size_t n) {
  std::vector<uint8_t> out(n);
  uint64_t gen = 2654435761u;
  for (auto& b : out) {
    b = static_cast<uint8_t>(gen >> 56);
    gen *= 11400714785074694797ull;
  }
  return out;
}

}  // namespace

TEST_CASE("xxh32: xxHash's published sanity values for seed 0") {
  auto buf = sanity_buffer(222);
  CHECK(xxh32(buf.data(), 0) == 0x02CC5D05u);
  CHECK(xxh32(buf.data(), 1) == 0xCF65B03Eu);
  CHECK(xxh32(buf.data(), 14) == 0x1208E7E2u);
  CHECK(xxh32(buf.data(), 222) == 0x5BD11DBDu);
}

TEST_CASE("xxh32: the lz4 frame header checksum of FLG 0x64, BD 0x70 is 0xb9 (second byte)") {
  const uint8_t descriptor[2] = {0x64, 0x70};
  CHECK(((xxh32(descriptor, 2) >> 8) & 0xff) == 0xb9);
}

TEST_CASE("Xxh32: fed in pieces of any size, the digest is the one-shot one") {
  auto buf = sanity_buffer(1000);
  for (size_t size : {size_t{0}, size_t{15}, size_t{16}, size_t{17}, size_t{222}, size_t{1000}}) {
    for (size_t piece : {size_t{1}, size_t{3}, size_t{15}, size_t{16}, size_t{33}}) {
      CAPTURE(size);
      CAPTURE(piece);
      Xxh32 h;
      for (size_t i = 0; i < size; i += piece) h.update(buf.data() + i, std::min(piece, size - i));
      CHECK(h.digest() == xxh32(buf.data(), size));
    }
  }
}
