#include <doctest/doctest.h>
#include <libdeflate.h>

#include <string>
#include <vector>

#include "codec/bgzf_writer.hpp"
#include "generated_data.hpp"
#include "hex_digest.hpp"
#include "util/stream_compress.hpp"

using namespace kiln;
using test::sha256;
using codec::BgzfWriter;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr size_t kGoCopy = 32 * 1024;

// The EOF marker from the SAM specification (4.1.2), which biogo writes on Close.
const Bytes kEofMarker = {0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43,
                          0x02, 0x00, 0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// BGZF of `in` handed to the writer in `writes` of the given sizes (the rest in one more).
Bytes bgzf(const Bytes& in, const std::vector<size_t>& writes, int level = -1, unsigned threads = 0) {
  Bytes out;
  BgzfWriter w([&](const char* d, size_t n) { out.insert(out.end(), d, d + n); }, level, threads);
  size_t pos = 0;
  for (size_t n : writes) {
    w.write(std::span(in).subspan(pos, n));
    pos += n;
  }
  w.write(std::span(in).subspan(pos));
  w.close();
  return out;
}

// As Packer's io.Copy from a file: 32 KiB writes.
Bytes bgzf_copied(const Bytes& in, int level = -1, unsigned threads = 0) {
  return bgzf(in, std::vector<size_t>(in.size() / kGoCopy, kGoCopy), level, threads);
}

struct Member {
  Bytes bytes;
  Bytes data;  // decompressed
};

// Splits a BGZF file at the sizes its BC fields give, checking each member's framing and
// decompressing it on its own.
std::vector<Member> members(const Bytes& file) {
  std::vector<Member> out;
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  for (size_t pos = 0; pos < file.size();) {
    REQUIRE(file.size() - pos >= 28);
    const uint8_t* m = file.data() + pos;
    CHECK(m[0] == 0x1f);
    CHECK(m[1] == 0x8b);
    CHECK(m[3] == 0x04);  // FEXTRA only
    CHECK((m[4] | m[5] | m[6] | m[7]) == 0);  // no mtime
    CHECK(m[9] == 0xff);
    CHECK(Bytes(m + 10, m + 16) == Bytes{6, 0, 'B', 'C', 2, 0});
    size_t size = (m[16] | m[17] << 8) + 1;
    REQUIRE(pos + size <= file.size());
    Member member{Bytes(m, m + size), Bytes(0x10000)};
    size_t in_used = 0, out_size = 0;
    REQUIRE(libdeflate_gzip_decompress_ex(d, m, size, member.data.data(), member.data.size(), &in_used, &out_size) ==
            LIBDEFLATE_SUCCESS);
    CHECK(in_used == size);
    member.data.resize(out_size);
    out.push_back(std::move(member));
    pos += size;
  }
  libdeflate_free_decompressor(d);
  return out;
}

std::vector<size_t> data_sizes(const std::vector<Member>& ms) {
  std::vector<size_t> sizes;
  for (const auto& m : ms) sizes.push_back(m.data.size());
  return sizes;
}

Bytes joined(const std::vector<Member>& ms) {
  Bytes all;
  for (const auto& m : ms) all.insert(all.end(), m.data.begin(), m.data.end());
  return all;
}

}  // namespace

TEST_CASE("BgzfWriter: empty input is one empty member, then the EOF marker") {
  Bytes expected = {0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00,
                    0x1e, 0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  expected.insert(expected.end(), kEofMarker.begin(), kEofMarker.end());
  CHECK(bgzf({}, {}) == expected);
}

TEST_CASE("BgzfWriter: members follow the writes, at most 65280 bytes each, and end with the EOF marker") {
  Bytes in = test::mixed(200000, 5);
  struct Case {
    std::string name;
    std::vector<size_t> writes;
    std::vector<size_t> blocks;  // uncompressed member sizes, the EOF marker's 0 last
  };
  const Case cases[] = {
      // 32 KiB writes: two do not fit in 65280, so each is a member (the short last one joins the one before).
      {"Go's io.Copy", std::vector<size_t>(6, kGoCopy), {32768, 32768, 32768, 32768, 32768, 36160, 0}},
      // One big write fills whole blocks.
      {"one write", {}, {65280, 65280, 65280, 4160, 0}},
      // A write that does not fit in what is left starts a new block.
      {"uneven", {40000, 30000, 10, 65280}, {40000, 30010, 65280, 64710, 0}},
      {"block-sized writes", {65280, 65280, 65280}, {65280, 65280, 65280, 4160, 0}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Bytes file = bgzf(in, c.writes);
    auto ms = members(file);
    CHECK(data_sizes(ms) == c.blocks);
    CHECK(ms.back().bytes == kEofMarker);
    CHECK(joined(ms) == in);
  }
  // A block filled exactly goes out at once, so Close adds an empty member.
  Bytes full(65280, 'k');
  CHECK(data_sizes(members(bgzf(full, {}))) == std::vector<size_t>{65280, 0, 0});
}

TEST_CASE("BgzfWriter: XFL by level as Go's gzip sets it, and the data round-trips at every level") {
  Bytes in = test::text(100000, 6);
  for (int level : {-1, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
    CAPTURE(level);
    Bytes file = bgzf_copied(in, level);
    CHECK(file[8] == (level == 9 ? 2 : level == 1 ? 4 : 0));
    CHECK(joined(members(file)) == in);
  }
}

TEST_CASE("BgzfWriter: output is Packer's (biogo 1.4.4 over Go 1.19), on any number of threads") {
  // sha256 and size of what biogo's bgzf.NewWriterLevel(w, level, GOMAXPROCS) wrote, via
  // io.Copy from a file, for each input.
  struct Golden {
    int level;
    std::string name;
    Bytes input;
    const char* sha256;
    size_t size;
  };
  const Golden goldens[] = {
      {-1, "mixed 1 MiB", test::mixed((1 << 20) + 13, 3), "5a3b753d884eaf2bc3c881d2562e101199f60cf9828e02e289fd48d2c50ff5cf", 614370},
      {1, "mixed 1 MiB", test::mixed((1 << 20) + 13, 3), "a1a7701bc3a4a78a2cb45f2fae70b07b163bc6262f9956b98658f9146c2aebcb", 707579},
      {9, "text 300 KB", test::text(300000, 2), "dddee51c6952195ea8acd5cf0d73eed9f1ffa797885e0266b475ea3771c3f185", 33866},
      {4, "random 200 KB", test::random_bytes(200000, 1), "890782c7899e70dfb015712c3db2f922c76355bbd97379949bca671a6c7269ed", 200279},
  };
  for (const auto& g : goldens) {
    CAPTURE(g.level);
    CAPTURE(g.name);
    for (unsigned threads : {1u, 3u, 0u}) {
      CAPTURE(threads);
      Bytes out = bgzf_copied(g.input, g.level, threads);
      CHECK(out.size() == g.size);
      CHECK(sha256(out) == g.sha256);
    }
  }
}

TEST_CASE("make_bgzf_writer: blocks follow the writes, so io.Copy's 32 KiB writes give Packer's bytes") {
  Bytes in = test::mixed(300000, 8);
  auto written_in = [&](size_t piece) {
    Bytes out;
    auto w = codec::make_bgzf_writer([&](const char* d, size_t n) { out.insert(out.end(), d, d + n); }, 6);
    for (size_t i = 0; i < in.size(); i += piece)
      w->write(reinterpret_cast<const char*>(in.data()) + i, std::min(piece, in.size() - i));
    w->finish();
    return out;
  };
  CHECK(written_in(kGoCopy) == bgzf_copied(in, 6));
  for (size_t piece : {size_t{1000}, size_t{50000}}) {
    CAPTURE(piece);
    Bytes out = written_in(piece);
    CHECK(out != bgzf_copied(in, 6));
    CHECK(joined(members(out)) == in);
  }
}
