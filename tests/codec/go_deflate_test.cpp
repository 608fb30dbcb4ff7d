#include <doctest/doctest.h>
#include <libdeflate.h>

#include <string>
#include <vector>

#include "codec/go_deflate.hpp"
#include "generated_data.hpp"
#include "hex_digest.hpp"

using namespace kiln;
using test::sha256;
using namespace kiln::codec;
using Bytes = std::vector<uint8_t>;

namespace {

// Go's io.Copy from a file writes 32 KiB at a time.
Bytes go_deflate(const Bytes& in, size_t chunk = 32 * 1024, int level = 5) {
  Bytes out;
  GoDeflater d([&](const char* data, size_t n) { out.insert(out.end(), data, data + n); }, level);
  for (size_t i = 0; i < in.size(); i += chunk) d.write(std::span(in).subspan(i, std::min(chunk, in.size() - i)));
  d.close();
  return out;
}

Bytes inflate(const Bytes& compressed, size_t size) {
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  Bytes out(size + 1);
  size_t actual = 0;
  auto rc = libdeflate_deflate_decompress(d, compressed.data(), compressed.size(), out.data(), out.size(), &actual);
  libdeflate_free_decompressor(d);
  REQUIRE(rc == LIBDEFLATE_SUCCESS);
  out.resize(actual);
  return out;
}

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

// BTYPE of the block starting at the first byte: 0 stored, 1 fixed, 2 dynamic.
int first_block_type(const Bytes& out) { return (out.at(0) >> 1) & 3; }

}  // namespace

TEST_CASE("GoDeflater: empty input is only the final empty stored block") {
  CHECK(go_deflate({}) == Bytes{0x01, 0x00, 0x00, 0xff, 0xff});
}

TEST_CASE("GoDeflater: a short text is one fixed-Huffman block, as in Packer's zip of \"hello kiln\\n\"") {
  Bytes out = go_deflate(bytes_of("hello kiln\n"));
  CHECK(first_block_type(out) == 1);
  CHECK(out == Bytes{0xca, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0xce, 0xcc, 0xc9, 0xe3, 0x02, 0x04, 0x00, 0x00, 0xff, 0xff});
}

TEST_CASE("GoDeflater: skewed text gets a dynamic-Huffman block") {
  Bytes out = go_deflate(test::text(20000, 9));
  CHECK(first_block_type(out) == 2);
}

TEST_CASE("GoDeflater: incompressible input is stored, one block per 16384 tokens") {
  Bytes in = test::random_bytes(200000, 1);
  Bytes out = go_deflate(in);
  // Stored blocks: header byte (not last, type 0), LEN, NLEN, the bytes; then Go's empty last block.
  size_t pos = 0, offset = 0;
  std::vector<size_t> lengths;
  while (out.at(pos) == 0x00) {
    size_t len = out[pos + 1] | out[pos + 2] << 8;
    CHECK((out[pos + 3] | out[pos + 4] << 8) == (~len & 0xffff));
    CHECK(std::equal(in.begin() + static_cast<long>(offset), in.begin() + static_cast<long>(offset + len), out.begin() + static_cast<long>(pos + 5)));
    lengths.push_back(len);
    offset += len;
    pos += 5 + len;
  }
  CHECK(offset == in.size());
  // 16384 tokens a block; the fifth holds one 4-byte match that even random data has.
  CHECK(lengths == std::vector<size_t>{16384, 16384, 16384, 16384, 16387, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 3389});
  CHECK(Bytes(out.begin() + static_cast<long>(pos), out.end()) == Bytes{0x01, 0x00, 0x00, 0xff, 0xff});
}

TEST_CASE("GoDeflater: output is Go 1.19's, byte for byte") {
  // sha256 and size of what Go 1.19's flate.NewWriter(w, 5) wrote, via io.Copy, for each input.
  struct Golden {
    const char* name;
    Bytes input;
    const char* sha256;
    size_t size;
  };
  const Golden goldens[] = {
      {"random 200 KB", test::random_bytes(200000, 1), "923294ec6a25a087589c635076bfc3315afe03c5acb453984f710d3670a3da47", 200070},
      {"text 300 KB", test::text(300000, 2), "31e3af99b5b8ed496473c74ca9b00cb9fe2e51449fcd5cc27a1e818efe31694f", 37863},
      {"mixed 1 MiB", test::mixed((1 << 20) + 13, 3), "238ee9a2fc3ec9fbbe97e3ddd51206e1ff4ae6e5d81f123861a597370ced8c9e", 618118},
      {"zeros 100 KB", Bytes(100000), "c22e7665d7c0e76462e51a676fea0c6472b50b4a2e95a415376e3d3dbe592e7c", 118},
      // Past 16 MiB Go rebases its hash chains.
      {"mixed 17 MiB", test::mixed(17 << 20, 4), "6feffd564d1edb71111f4f326063025ef0effeb6ec37cae4f004a1918cd7bac8", 10505493},
  };
  for (const auto& g : goldens) {
    CAPTURE(g.name);
    Bytes out = go_deflate(g.input);
    CHECK(out.size() == g.size);
    CHECK(sha256(out) == g.sha256);
  }
}

TEST_CASE("GoDeflater: every level's output is Go 1.19's, byte for byte") {
  // sha256 and size of what Go 1.19's flate.NewWriter(w, level) wrote, via io.Copy, for each input.
  struct Golden {
    int level;
    std::string name;
    Bytes input;
    const char* sha256;
    size_t size;
  };
  const Bytes text = test::text(300000, 2);
  const Bytes mixed = test::mixed((1 << 20) + 13, 3);
  const Golden goldens[] = {
      // Level 1: Go's BestSpeed matcher; random input is Huffman-only or stored, zeros are long matches.
      {1, "text 300 KB", text, "ccfa9476ed090f6fa05fbfdc8799b79375bb79785bd422e18df44edb1886c08c", 56845},
      {1, "mixed 1 MiB", mixed, "a447b31ccd301be0cb906f625328e12b1b13ec5b6bea16f677199b3684008844", 689761},
      {1, "random 200 KB", test::random_bytes(200000, 1), "b9ef61c4981dd148cf5167b5f6d158e16bc956293f9fd2bd9bde757e326638b9", 200025},
      {1, "zeros 100 KB", Bytes(100000), "ace1cbb70ec14a4b7dae03ea5189de7ca1f70572126f9b4f9ee76ee0032520a1", 133},
      // Levels 2-3: greedy matching; a match longer than 5 or 6 bytes is skipped unhashed.
      {2, "text 300 KB", text, "fe41d53f38a254c90e2b44273950e7b906c9e38ac04aa0baec3122aa4d945783", 47024},
      {2, "mixed 1 MiB", mixed, "15addbc470d220d3df07a77b4cba0052a8afa788164c71c7583c7f5c63408089", 639958},
      {2, "zeros 100 KB", Bytes(100000), "b31417d23d4da7b36f7abc95b9be841c337801ae19ebc99a20dbc7a1573f88ab", 458},
      {3, "text 300 KB", text, "46ed6c139437b24f26cd01365194b6574d63f774ddfdb3f797a1d1be3e2cda3a", 41259},
      {3, "mixed 1 MiB", mixed, "a83d05f2a6be66c4407245d906c47e93896329c041cc469973ee22d82b9acad4", 625253},
      // Levels 4-9: lazy matching with longer chains.
      {4, "text 300 KB", text, "df813c31e5c298b06e519aa1fc4e1e99859c14effcfb674fa9db23aedb5e9de7", 40168},
      {4, "mixed 1 MiB", mixed, "61a622bfcb29cc122b3891555d3f4fc37653073077f2941dbf826c67805e978c", 624567},
      {6, "text 300 KB", text, "46247dbcee5a43a99845ec9be77bad8ce604dd5d54815e147370c8979bd8600b", 34150},
      {6, "mixed 1 MiB", mixed, "2b84ed6b146338385ddaf9db45eb80130e80e3a7c1fff15b5a7e4d1069e2323a", 608300},
      {-1, "text 300 KB", text, "46247dbcee5a43a99845ec9be77bad8ce604dd5d54815e147370c8979bd8600b", 34150},
      {7, "text 300 KB", text, "30fc3482a38c231bccd0493a725b4ca3819f291d8409589173e5a3d0949216bb", 32814},
      {7, "mixed 1 MiB", mixed, "e81af75a751febd9c853fac2d4f6383c82da734e3367c2bbd556ac51f378da73", 605014},
      {8, "text 300 KB", text, "81d6ac1a798f60212cc82b93e360df540e60bc47bf721becdd4693a70705e8f9", 30496},
      {8, "mixed 1 MiB", mixed, "561c6563c7fa407eefa14ea110391ec726e6d8ddedc61dcf4675212b73671aa8", 601197},
      {9, "text 300 KB", text, "e7106f272f89dee45ac8a58905a212e635cd16cfe5212b2acc88b108c5ac5551", 30424},
      {9, "mixed 1 MiB", mixed, "561c6563c7fa407eefa14ea110391ec726e6d8ddedc61dcf4675212b73671aa8", 601197},
  };
  for (const auto& g : goldens) {
    CAPTURE(g.level);
    CAPTURE(g.name);
    Bytes out = go_deflate(g.input, 32 * 1024, g.level);
    CHECK(out.size() == g.size);
    CHECK(sha256(out) == g.sha256);
  }
}

TEST_CASE("GoDeflater: level 1 stores up to 16 bytes and Huffman-codes up to 127 without matching") {
  CHECK(go_deflate(bytes_of("hello kiln\n"), 32 * 1024, 1) ==
        Bytes{0x00, 0x0b, 0x00, 0xf4, 0xff, 'h', 'e', 'l', 'l', 'o', ' ', 'k', 'i', 'l', 'n', '\n', 0x01, 0x00, 0x00, 0xff, 0xff});
  std::string text;
  for (int i = 0; i < 6; ++i) text += "kiln packer image ";
  Bytes repeated = bytes_of(text);
  Bytes out = go_deflate(repeated, 32 * 1024, 1);
  CHECK(first_block_type(out) == 2);
  CHECK(out.size() == 73);  // Go's size: 108 literals, no matches, although the input repeats
  CHECK(inflate(out, repeated.size()) == repeated);
}

TEST_CASE("GoDeflater: levels outside 1-9 and -1 are refused") {
  CHECK_THROWS(GoDeflater([](const char*, size_t) {}, 0));
  CHECK_THROWS(GoDeflater([](const char*, size_t) {}, 10));
}

TEST_CASE("GoDeflater: round trip at edge sizes, however the input is split") {
  const size_t sizes[] = {1, 2, 3, 4, 5, 257, 258, 261, 262, 263, 16384, 32767, 32768, 32769,
                          65273, 65274, 65275, 65535, 65536, 65537, 131072 + 5, 300000};
  for (size_t size : sizes) {
    for (int kind = 0; kind < 4; ++kind) {
      Bytes in = kind == 0 ? test::random_bytes(size, size) : kind == 1 ? test::text(size, size) : kind == 2 ? test::mixed(size, size) : Bytes(size, 'k');
      for (size_t chunk : {size_t{1}, size_t{1000}, size_t{32768}, size_t{1} << 20}) {
        if (chunk == 1 && size > 70000) continue;
        CAPTURE(size);
        CAPTURE(kind);
        CAPTURE(chunk);
        CHECK(inflate(go_deflate(in, chunk), in.size()) == in);
      }
      for (int level : {1, 2, 9}) {
        CAPTURE(size);
        CAPTURE(kind);
        CAPTURE(level);
        CHECK(inflate(go_deflate(in, 32768, level), in.size()) == in);
      }
    }
  }
}
