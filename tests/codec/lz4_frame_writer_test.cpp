#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "codec/lz4_frame_writer.hpp"
#include "codec/xxh32.hpp"
#include "generated_data.hpp"
#include "hex_digest.hpp"

using namespace kiln;
using test::hex;
using test::sha256;
using Bytes = std::vector<uint8_t>;

namespace {

// Go's io.Copy from a file writes 32 KiB at a time.
Bytes lz4_frame(const Bytes& in, int level, size_t chunk = 32 * 1024) {
  Bytes out;
  auto w = codec::make_lz4_frame_writer([&](const char* d, size_t n) { out.insert(out.end(), d, d + n); }, level);
  for (size_t i = 0; i < in.size(); i += chunk)
    w->write(reinterpret_cast<const char*>(in.data()) + i, std::min(chunk, in.size() - i));
  w->finish();
  return out;
}

uint32_t le32(const Bytes& b, size_t at) {
  REQUIRE(at + 4 <= b.size());
  return static_cast<uint32_t>(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24);
}

// An lz4 block per the format spec, appended to out; matches may only reach back into this block.
void decode_block(const uint8_t* in, size_t size, Bytes& out) {
  const size_t start = out.size();
  size_t i = 0;
  auto length = [&](size_t n) {
    if (n < 15) return n;
    for (uint8_t c = 255; c == 255; n += c) {
      REQUIRE(i < size);
      c = in[i++];
    }
    return n;
  };
  for (;;) {
    REQUIRE(i < size);
    uint8_t token = in[i++];
    size_t literals = length(token >> 4);
    REQUIRE(i + literals <= size);
    out.insert(out.end(), in + i, in + i + literals);
    i += literals;
    if (i == size) {
      CHECK(literals >= 5);  // the spec's end-of-block rule
      return;
    }
    REQUIRE(i + 2 <= size);
    size_t offset = in[i] | in[i + 1] << 8;
    i += 2;
    REQUIRE(offset > 0);
    REQUIRE(offset <= out.size() - start);
    size_t match = length(token & 15) + 4;
    for (size_t k = 0; k < match; ++k) out.push_back(out[out.size() - offset]);
  }
}

// The frame's content, checking the header, each block's size and the content checksum.
Bytes decode_frame(const Bytes& frame) {
  REQUIRE(frame.size() >= 15);
  CHECK(le32(frame, 0) == 0x184D2204u);
  CHECK(frame[4] == 0x64);  // version 1, independent blocks, content checksum
  CHECK(frame[5] == 0x70);  // 4 MiB blocks
  CHECK(frame[6] == ((codec::xxh32(frame.data() + 4, 2) >> 8) & 0xff));
  Bytes out;
  size_t at = 7;
  for (uint32_t header; (header = le32(frame, at)) != 0;) {
    at += 4;
    size_t size = header & 0x7fffffffu;
    REQUIRE(at + size <= frame.size());
    size_t before = out.size();
    if (header & 0x80000000u)
      out.insert(out.end(), frame.begin() + static_cast<long>(at), frame.begin() + static_cast<long>(at + size));
    else
      decode_block(frame.data() + at, size, out);
    CHECK(out.size() - before <= (4u << 20));
    at += size;
  }
  CHECK(le32(frame, at + 4) == codec::xxh32(out.data(), out.size()));
  CHECK(at + 8 == frame.size());
  return out;
}

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

}  // namespace

TEST_CASE("lz4 frame: Packer's bytes for empty and tiny inputs") {
  // pierrec/lz4 2.5.2 as Packer 1.6.6 drives it.
  CHECK(hex(lz4_frame({}, 0)) == "04224d186470b900000000055dcc02");
  CHECK(hex(lz4_frame(bytes_of("hello kiln\n"), 0)) == "04224d186470b90b00008068656c6c6f206b696c6e0a00000000a5f134b3");
  CHECK(hex(lz4_frame(bytes_of("hello kiln\n"), 9)) == "04224d186470b90b00008068656c6c6f206b696c6e0a00000000a5f134b3");
  Bytes kiln20;
  for (int i = 0; i < 20; ++i) kiln20.insert(kiln20.end(), {'k', 'i', 'l', 'n', ' '});
  CHECK(hex(lz4_frame(kiln20, 0)) ==
        "04224d186470b91b0000005f6b696c6e20050039005000005000b0206b696c6e206b696c6e20000000003d3962ca");
  CHECK(hex(lz4_frame(kiln20, 9)) == "04224d186470b9190000006f6b696c6e206b05003de0696c6e206b696c6e206b696c6e20000000003d3962ca");
}

TEST_CASE("lz4 frame: output is Packer's, byte for byte, fast and HC") {
  // sha256 and size of pierrec/lz4 2.5.2's frame (NewWriter, CompressionLevel = level if > 0, io.Copy).
  struct Golden {
    const char* name;
    Bytes input;
    int level;
    const char* sha256;
    size_t size;
  };
  Bytes text = test::text(300000, 2);
  Bytes mixed = test::mixed((9 << 20) + 13, 3);  // three blocks, the last one short
  Bytes random = test::random_bytes(5000000, 1);
  const Golden goldens[] = {
      {"text", text, 0, "88fcb10d2ea8aacef124cac721dae5408e3fd7ac3ef10656a60c54beb9b4d137", 98007},
      {"text", text, 1, "4b60ad25bec924ea191c09174aaa2fa0d9c9a08d19ec42d782fa1dddd3f17535", 124459},
      {"text", text, 3, "0674cfb3eb06e252dd30eb8457a927ce4e4262f4837c5b844cb26815b91a1645", 55122},
      {"text", text, 9, "73c9082fed4719ad17c33754bb83d9a59c353933334b520b5da011c6d4ca2fd6", 45342},
      {"mixed", mixed, 0, "766d6d6d23a11fe96c4ce7886de59049b15bbd5e1121caa5e4ac4a4a7f702e11", 6285754},
      {"mixed", mixed, 3, "8c3223337a3b9f5b323ece1431d880a49303af1f2bbb6d21069e9f006e952fad", 5623066},
      {"random (stored blocks)", random, 0, "648af38fbe35c56ca02538808bd8df99f0874b0faaed12dc031a1d57c7613475", 5000023},
      {"random (stored blocks)", random, 9, "648af38fbe35c56ca02538808bd8df99f0874b0faaed12dc031a1d57c7613475", 5000023},
      {"zeros", Bytes(5000000), 0, "04e4c5cbc8b75605610e5b25841c0ae18307ec1dd7b75179a82743730534857b", 19676},
      {"zeros", Bytes(5000000), 9, "5c4acefa0cfa8fdda40306df636b951a211c8b6ee8ab7940499345d09f82df3f", 19672},
  };
  for (const auto& g : goldens) {
    CAPTURE(g.name);
    CAPTURE(g.level);
    Bytes out = lz4_frame(g.input, g.level);
    CHECK(out.size() == g.size);
    CHECK(sha256(out) == g.sha256);
  }
}

TEST_CASE("lz4 frame: how the caller splits the input does not change the frame") {
  Bytes in = test::mixed((4 << 20) + 70000, 7);
  for (int level : {0, 2}) {
    Bytes whole = lz4_frame(in, level);
    CHECK(lz4_frame(in, level, 1000) == whole);
    CHECK(lz4_frame(in, level, (4 << 20) + 1) == whole);
    CHECK(lz4_frame(in, level, in.size()) == whole);
  }
}

TEST_CASE("lz4 frame: round trip at edge sizes") {
  const size_t sizes[] = {1, 13, 14, 15, 16, 255, 270, 65536, 65537, 300000, 4 << 20, (4 << 20) + 1};
  for (size_t size : sizes) {
    for (int kind = 0; kind < 4; ++kind) {
      Bytes in = kind == 0   ? test::random_bytes(size, size)
                 : kind == 1 ? test::text(size, size)
                 : kind == 2 ? test::mixed(size, size)
                             : Bytes(size, 'k');
      for (int level : {0, 1, 9}) {
        if (level == 9 && kind == 1 && size > 300000) continue;  // deep chains on text are slow; covered above
        CAPTURE(size);
        CAPTURE(kind);
        CAPTURE(level);
        CHECK(decode_frame(lz4_frame(in, level)) == in);
      }
    }
  }
}
