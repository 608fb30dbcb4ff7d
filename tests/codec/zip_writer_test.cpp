#include <doctest/doctest.h>

#include <string>

#include "codec/zip_writer.hpp"
#include "generated_data.hpp"
#include "hex_digest.hpp"

using namespace kiln;
using namespace kiln::codec;

namespace {

struct Member {
  std::string name;
  std::string content;
};

std::string zip_hex(const std::vector<Member>& members, uint64_t start_offset = 0, size_t piece = 1 << 20) {
  std::string out;
  ZipWriter zip([&](const char* data, size_t n) { out.append(data, n); }, start_offset);
  for (const auto& m : members) {
    zip.add_member(m.name);
    for (size_t i = 0; i < m.content.size(); i += piece) zip.write(m.content.data() + i, std::min(piece, m.content.size() - i));
  }
  zip.finish();
  return test::hex(out);
}

// The general-purpose flags of the first local header (bytes 6-7).
unsigned flags_of(const std::string& name) {
  std::string hex = zip_hex({{name, "x"}});
  return static_cast<unsigned>(std::stoul(hex.substr(14, 2) + hex.substr(12, 2), nullptr, 16));
}

}  // namespace

TEST_CASE("ZipWriter: Packer 1.6.6's zip of out.txt, byte for byte") {
  CHECK(zip_hex({{"out.txt", "hello kiln\n"}}) ==
        "504b030414000800080000000000000000000000000000000000070000006f75742e747874ca48cdc9c957c8ceccc9e302040000ffff"
        "504b07087d94b503110000000b000000"
        "504b01021400140008000800000000007d94b503110000000b0000000700000000000000000000000000000000006f75742e747874"
        "504b0506000000000100010035000000460000000000");
}

TEST_CASE("ZipWriter: an archive past 4 GiB gets Go's zip64 extra field and end records") {
  // Go 1.19 archive/zip with SetOffset(0xffffffff).
  CHECK(zip_hex({{"out.txt", "hello kiln\n"}}, 0xffffffff) ==
        "504b030414000800080000000000000000000000000000000000070000006f75742e747874ca48cdc9c957c8ceccc9e302040000ffff"
        "504b07087d94b503110000000b000000"
        "504b01021400140008000800000000007d94b503ffffffffffffffff07001c0000000000000000000000ffffffff6f75742e747874"
        "010018000b000000000000001100000000000000ffffffff00000000"
        "504b06062c000000000000002d002d0000000000000000000100000000000000010000000000000051000000000000004500000001000000"
        "504b060700000000960000000100000001000000"
        "504b050600000000ffffffffffffffffffffffff0000");
}

TEST_CASE("ZipWriter: the UTF-8 flag is set as Go sets it") {
  CHECK(flags_of("out/data.bin") == 0x8);
  CHECK(flags_of("caf\xc3\xa9.bin") == 0x808);  // é
  CHECK(flags_of("a~b") == 0x808);             // '~' and '\' differ in Shift-JIS / EUC-KR
  CHECK(flags_of("caf\xe9.bin") == 0x8);       // Latin-1, not UTF-8: no flag
}

TEST_CASE("ZipWriter: how the caller splits the content does not change the archive") {
  auto a = test::mixed(200000, 5), b = test::text(70000, 6);
  std::vector<Member> members = {{"a.bin", std::string(a.begin(), a.end())}, {"dir/b.txt", std::string(b.begin(), b.end())}};
  std::string whole = zip_hex(members);
  CHECK(zip_hex(members, 0, 1) == whole);
  CHECK(zip_hex(members, 0, 5000) == whole);
  CHECK(zip_hex(members, 0, 32768) == whole);
}
