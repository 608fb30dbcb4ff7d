#include <doctest/doctest.h>
#include <libdeflate.h>

#include <random>
#include <string>

#include <fmt/format.h>

#include "codec/pgzip_writer.hpp"

using namespace kiln;

namespace {

std::string pgzip(const std::string& in, int level, size_t chunk = 32 * 1024) {
  std::string out;
  auto w = codec::make_pgzip_writer([&](const char* d, size_t n) { out.append(d, n); }, level, 2);
  for (size_t i = 0; i < in.size(); i += chunk) w->write(in.data() + i, std::min(chunk, in.size() - i));
  w->finish();
  return out;
}

std::string gunzip(const std::string& gz, size_t size) {
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  std::string out(size + 1, '\0');
  size_t actual = 0;
  auto r = libdeflate_gzip_decompress(d, gz.data(), gz.size(), out.data(), out.size(), &actual);
  libdeflate_free_decompressor(d);
  REQUIRE(r == LIBDEFLATE_SUCCESS);
  out.resize(actual);
  return out;
}

std::string random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

// Log-like lines with random ids: matches of every length, literals in between.
std::string text(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  const char* words[] = {"kernel", "sshd", "started", "stopped", "session", "opened", "from", "port", "root"};
  std::string s;
  while (s.size() < n) s += fmt::format("host-{} {} {} id={:08x}\n", rng() % 17, words[rng() % 9], words[rng() % 9], rng());
  s.resize(n);
  return s;
}

// The deflate data of a pgzip stream: between the 10-byte header and the 8-byte trailer.
std::string deflate_part(const std::string& gz) { return gz.substr(10, gz.size() - 18); }

}  // namespace

TEST_CASE("pgzip writes Packer 1.6.6's bytes for a tiny file") {
  // Packer's out.txt.gz for "hello kiln\n": a stored block, the sync marker, the final fixed block.
  const unsigned char expected[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x09, 0x6e, 0x88, 0x00, 0xff, 0x00, 0x0b, 0x00,
                                    0xf4, 0xff, 'h',  'e',  'l',  'l',  'o',  ' ',  'k',  'i',  'l',  'n',  '\n',
                                    0x00, 0x00, 0x00, 0xff, 0xff, 0x03, 0x00, 0x7d, 0x94, 0xb5, 0x03, 0x0b, 0x00,
                                    0x00, 0x00};
  CHECK(pgzip("hello kiln\n", -1) == std::string(reinterpret_cast<const char*>(expected), sizeof expected));
}

TEST_CASE("pgzip of nothing is an empty sync-flushed stream") {
  const std::string empty = pgzip("", -1);
  CHECK(deflate_part(empty) == std::string("\x00\x00\x00\xff\xff\x03\x00", 7));
  CHECK(gunzip(empty, 0).empty());
}

TEST_CASE("windows of at most 32 bytes are stored, up to 127 coded as literals only") {
  for (size_t n : {1, 31, 32}) {
    std::string in(n, 'a');  // a match-finder would collapse this; the tiny paths do not
    std::string d = deflate_part(pgzip(in, -1));
    CAPTURE(n);
    CHECK(d[0] == 0);  // BFINAL 0, BTYPE 00 (stored)
    CHECK(static_cast<uint8_t>(d[1]) == n);
    CHECK(d.substr(5, n) == in);
  }
  // From 33 bytes the literal-only writer decides; it still stores when a guessed 70-byte table outweighs
  // the saving, as for 33 bytes, and codes the bytes (one bit each here) once they pay for it.
  CHECK(deflate_part(pgzip(std::string(33, 'a'), -1))[0] == 0);
  for (size_t n : {100, 127}) {
    std::string in(n, 'a');
    std::string d = deflate_part(pgzip(in, -1));
    CAPTURE(n);
    CHECK((d[0] & 7) == 4);  // BFINAL 0, BTYPE 10 (dynamic Huffman)
    CHECK(gunzip(pgzip(in, -1), n) == in);
  }
  // 128 bytes and more go to the match finder: one match covers the run.
  CHECK(deflate_part(pgzip(std::string(128, 'a'), -1)).size() < 20);
}

TEST_CASE("the gzip header carries Go's zero time and the level's XFL") {
  auto header = [](int level) { return pgzip("x", level).substr(0, 10); };
  CHECK(header(-1) == std::string("\x1f\x8b\x08\x00\x00\x09\x6e\x88\x00\xff", 10));
  CHECK(header(1)[8] == 4);
  CHECK(header(9)[8] == 2);
  CHECK(header(5)[8] == 0);
}

TEST_CASE("every level round-trips across block and window edges") {
  for (int level : {-1, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
    for (size_t n : {0, 1, 12, 13, 32, 33, 127, 128, 129, 65535, 65536, 100000, 499999, 500000, 500001, 1048576}) {
      for (int kind = 0; kind < 3; ++kind) {
        std::string in = kind == 0 ? random_bytes(n, 7) : kind == 1 ? text(n, 7) : std::string(n, 'z');
        CAPTURE(level);
        CAPTURE(n);
        CAPTURE(kind);
        CHECK(gunzip(pgzip(in, level), n) == in);
      }
    }
  }
}

TEST_CASE("write boundaries do not change the bytes") {
  std::string in = text(1'200'000, 3) + random_bytes(300'000, 3);
  for (int level : {1, 5, 9}) {
    CAPTURE(level);
    std::string whole = pgzip(in, level, in.size());
    CHECK(pgzip(in, level, 1000) == whole);
    CHECK(pgzip(in, level, 500000) == whole);
  }
}
