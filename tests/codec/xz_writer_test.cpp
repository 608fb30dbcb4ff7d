#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "codec/xz_writer.hpp"
#include "generated_data.hpp"
#include "hex_digest.hpp"

using namespace kiln;
using test::hex;
using test::sha256;
using Bytes = std::vector<uint8_t>;
namespace fs = std::filesystem;

namespace {

// Go's io.Copy from a file writes 32 KiB at a time.
Bytes xz(const Bytes& in, size_t chunk = 32 * 1024) {
  Bytes out;
  auto w = codec::make_xz_writer([&](const char* d, size_t n) { out.insert(out.end(), d, d + n); });
  for (size_t i = 0; i < in.size(); i += chunk)
    w->write(reinterpret_cast<const char*>(in.data()) + i, std::min(chunk, in.size() - i));
  w->finish();
  return out;
}

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

// xz-utils' own decoder, which checks every header, chunk, index and the CRC64.
Bytes xz_decompress(const Bytes& compressed) {
  fs::path dir = fs::temp_directory_path() / fmt::format("kiln_xz_test_{}", getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "in.xz", std::ios::binary).write(reinterpret_cast<const char*>(compressed.data()),
                                                         static_cast<std::streamsize>(compressed.size()));
  int rc = std::system(fmt::format("xz -dc '{}' > '{}'", (dir / "in.xz").string(), (dir / "out").string()).c_str());
  std::ifstream f(dir / "out", std::ios::binary);
  Bytes out((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  REQUIRE(rc == 0);
  return out;
}

}  // namespace

TEST_CASE("xz: Packer's bytes for empty and tiny inputs") {
  // ulikunitz/xz 0.5.6's NewWriter as Packer 1.6.6 drives it. Stream header (CRC64 check), block header
  // (LZMA2, 8 MiB dictionary), the chunks, padding, CRC64, index, footer.
  CHECK(hex(xz({})) ==
        "fd377a585a000004e6d6b4460200210116000000742fe5a3000000000000000000000000000115003f5333171fb6f37d01000000"
        "0004595a");
  CHECK(hex(xz(bytes_of("hello kiln\n"))) ==  // stored: smaller than its LZMA form
        "fd377a585a000004e6d6b4460200210116000000742fe5a301000a68656c6c6f206b696c6e0a0000947ccca15faf1974000123"
        "0bc21bfd091fb6f37d010000000004595a");
  Bytes kiln20;
  for (int i = 0; i < 20; ++i) kiln20.insert(kiln20.end(), {'k', 'i', 'l', 'n', ' '});
  CHECK(hex(xz(kiln20)) ==
        "fd377a585a000004e6d6b4460200210116000000742fe5a3e00063000b5d00359a49d78c0a321490c0000000db8dfd7de6ef734d000127"
        "640fa29cb01fb6f37d010000000004595a");
}

TEST_CASE("xz: output is Packer's, byte for byte") {
  // sha256 and size of ulikunitz/xz 0.5.6's stream (NewWriter, io.Copy) for the same bytes.
  struct Golden {
    const char* name;
    Bytes input;
    const char* sha256;
    size_t size;
  };
  const Golden goldens[] = {
      {"text", test::text(300000, 2), "9680e1ab002c851c84835e4b4b101eec5d2ebdf576496088d5dd31ac4d2cb072", 40488},
      // Past the 8 MiB dictionary: the ring wraps and its full lookahead limits what is encoded at once.
      {"mixed", test::mixed((9 << 20) + 13, 3), "cd2832aa1feec1db3ec57c91a2eedd5ec99652a9553525a2aee3592b7a44b1ca",
       5441504},
      {"random (stored chunks)", test::random_bytes(3000000, 1),
       "403c33b5a3dff2b6432c2bfa000a5896def5156816c5e4b237a5fcb7e29e10a5", 3000204},
      {"zeros", Bytes(5000000), "44e706a09de689bdaad04440b92fa7e754bff6ba26f9c24a42cd8b8ce67643bd", 864},
  };
  for (const auto& g : goldens) {
    CAPTURE(g.name);
    Bytes out = xz(g.input);
    CHECK(out.size() == g.size);
    CHECK(sha256(out) == g.sha256);
  }
}

TEST_CASE("xz: how the caller splits the input does not change the stream") {
  Bytes in = test::mixed((2 << 20) + 70000, 7);
  Bytes whole = xz(in);
  CHECK(xz(in, 1000) == whole);
  CHECK(xz(in, (2 << 20) + 1) == whole);
  CHECK(xz(in, in.size()) == whole);
}

TEST_CASE("xz: xz -dc gives the input back") {
  const size_t sizes[] = {0, 1, 4, 273, 274, 65536, 70000, 2 << 20, (2 << 20) + 1};
  for (size_t size : sizes) {
    for (int kind = 0; kind < 4; ++kind) {
      Bytes in = kind == 0   ? test::random_bytes(size, size)
                 : kind == 1 ? test::text(size, size)
                 : kind == 2 ? test::mixed(size, size)
                             : Bytes(size, 'k');
      CAPTURE(size);
      CAPTURE(kind);
      CHECK(xz_decompress(xz(in)) == in);
    }
  }
}
