#include <doctest/doctest.h>
#include <libdeflate.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "codec/go_deflate.hpp"
#include "generated_data.hpp"

using namespace kiln;
using Bytes = std::vector<uint8_t>;

namespace {

// Go's io.Copy from a file writes 32 KiB at a time.
Bytes go_deflate(const Bytes& in, size_t chunk = 32 * 1024) {
  Bytes out;
  GoDeflater d([&](const char* data, size_t n) { out.insert(out.end(), data, data + n); });
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

std::string sha256(const Bytes& data) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
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
    }
  }
}
