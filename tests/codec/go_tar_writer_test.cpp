#include <doctest/doctest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "codec/go_tar_file_header.hpp"
#include "codec/go_tar_writer.hpp"
#include "kiln/error.hpp"
#include "hex_digest.hpp"

using namespace kiln;
using test::hex;
using test::sha256;
using namespace kiln::codec;

namespace {

struct Member {
  TarHeader header;
  std::string content;
};

// The stream for `members`, content written `piece` bytes at a time; without `finish`, only what
// has been written so far (the headers of a member too large to write here).
std::string tar_of(const std::vector<Member>& members, bool finish = true, size_t piece = 1 << 20) {
  std::string out;
  GoTarWriter tar([&](const char* data, size_t n) { out.append(data, n); });
  for (const auto& m : members) {
    tar.add_member(m.header);
    for (size_t i = 0; i < m.content.size(); i += piece) tar.write(m.content.data() + i, std::min(piece, m.content.size() - i));
  }
  if (finish) tar.finish();
  return out;
}

// Header fields of the block at `block`: offset and width in the GNU layout.
std::string field(const std::string& tar, size_t offset, size_t size, size_t block = 0) {
  return tar.substr(block * 512 + offset, size);
}

TarHeader regular(std::string name, int64_t mode, int64_t size, std::string owner = "root") {
  TarHeader h;
  h.name = std::move(name);
  h.mode = mode;
  h.size = size;
  h.uname = owner;
  h.gname = owner;
  return h;
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

// The digests are those of what Go 1.19's archive/tar wrote for the same headers with
// Format = FormatGNU and zero times, and the same content.

TEST_CASE("GoTarWriter: Packer 1.6.6's tar of out.txt, byte for byte") {
  std::string tar = tar_of({{regular("out.txt", 0600, 11), "hello kiln\n"}});
  CHECK(tar.size() == 2048);  // header, content block, two zero blocks: no record padding
  CHECK(sha256(tar) == "76adcbc65a3323fc6f385947696af68d29aa6d317b3789b17e5ee5af77cf358b");
  CHECK(field(tar, 0, 8) == std::string("out.txt\0", 8));
  CHECK(field(tar, 100, 8) == std::string("0000600\0", 8));
  CHECK(field(tar, 108, 16) == std::string("0000000\0" "0000000\0", 16));
  CHECK(field(tar, 124, 12) == std::string("00000000013\0", 12));
  CHECK(field(tar, 136, 12) == std::string("00000000000\0", 12));  // the zero ModTime is the Unix epoch
  CHECK(field(tar, 148, 9) == std::string("012307\0 0", 9));
  CHECK(field(tar, 257, 8) == std::string("ustar  \0", 8));
  CHECK(field(tar, 265, 5) == std::string("root\0", 5));
  CHECK(field(tar, 297, 5) == std::string("root\0", 5));
  CHECK(field(tar, 329, 16) == std::string("0000000\0" "0000000\0", 16));
  CHECK(field(tar, 345, 167) == std::string(167, '\0'));  // atime and ctime stay empty
}

TEST_CASE("GoTarWriter: long, exact-length and non-ASCII names, special bits, empty files, devices") {
  std::string data = repeat("kiln 0123456789\n", 70000).substr(0, 1100000);
  TarHeader long_name = regular(std::string(120, 'L') + ".bin", 0755, static_cast<int64_t>(data.size()), "");
  long_name.uid = long_name.gid = 1000;
  long_name.uname = "kiln";
  long_name.gname = "staff";
  TarHeader non_ascii = regular(repeat("caf\xc3\xa9-", 30) + ".txt", 07777, 512, "");
  non_ascii.uid = non_ascii.gid = 4242;
  TarHeader device = regular("null", 0666, 0);
  device.typeflag = '3';
  device.devmajor = 1;
  device.devminor = 3;
  std::vector<Member> members = {
      {long_name, data},
      {regular(std::string(100, 'e'), 04755, 1), "x"},
      {regular("empty", 01644, 0, ""), ""},
      {non_ascii, std::string(512, 'u')},
      {regular(std::string(99, 's') + "//x", 0644, 3, ""), "abc"},  // cut at a slash
      {device, ""},
      {regular(std::string(511, 'n'), 0600, 0, ""), ""},  // the long name fills its record exactly
  };
  std::string tar = tar_of(members);
  CHECK(tar.size() == 1110528);
  CHECK(sha256(tar) == "2d19878150c191ea032995dc7412d1afe098ee53d53eeb9a6e520888615315c1");
  CHECK(tar_of(members, true, 1) == tar);
  CHECK(tar_of(members, true, 5000) == tar);

  // The long name: a '././@LongLink' record of type 'L' holding it with a NUL, then the header.
  CHECK(field(tar, 0, 14) == std::string("././@LongLink\0", 14));
  CHECK(field(tar, 100, 48) == std::string("0000000\0" "0000000\0" "0000000\0" "00000000175\0" "00000000000\0", 48));
  CHECK(field(tar, 156, 1) == "L");
  CHECK(field(tar, 265, 80) == std::string(80, '\0'));  // no owner names, no device numbers
  CHECK(field(tar, 0, 125, 1) == long_name.name + '\0');
  CHECK(field(tar, 0, 100, 2) == long_name.name.substr(0, 100));
}

TEST_CASE("GoTarWriter: sizes from 8 GiB and ids from 2^21 are base-256") {
  TarHeader big = regular("disk.img", 0644, int64_t{1} << 33, repeat("u", 32));  // a 32-byte name has no NUL
  big.gname = "g";
  big.uid = 2097151;
  big.gid = 2097152;
  std::string tar = tar_of({{big, ""}}, false);
  CHECK(sha256(tar) == "c30fd1787856c3700099b6a8eddcdfe4351226a748c16ba17cd61a2a7437c1b9");
  CHECK(field(tar, 108, 8) == std::string("7777777\0", 8));
  CHECK(hex(field(tar, 116, 8)) == "8000000000200000");
  CHECK(hex(field(tar, 124, 12)) == "800000000000000200000000");

  TarHeader largest_octal = regular("disk.img", 0644, (int64_t{1} << 33) - 1, "");
  largest_octal.uid = 4000000000;
  tar = tar_of({{largest_octal, ""}}, false);
  CHECK(sha256(tar) == "58ced4701aba7149ac473994f5aff64e12ac768febc73b4ccb8db941679be2df");
  CHECK(field(tar, 124, 12) == std::string("77777777777\0", 12));
  CHECK(hex(field(tar, 108, 8)) == "80000000ee6b2800");

  TarHeader device = regular("dev", 0660, 0, "");
  device.typeflag = '4';
  device.devmajor = 259;
  device.devminor = 2097152;
  CHECK(sha256(tar_of({{device, ""}})) == "18191e7c4c5efe196f25dc911fd3a27a869e694e91e5084a79126ca2f63c291b");
}

TEST_CASE("GoTarWriter: refuses what Go refuses") {
  TarHeader h = regular("x", 0644, 0, "g");
  h.uname = repeat("u", 33);
  CHECK_THROWS_WITH_AS(tar_of({{h, ""}}),
                       "archive/tar: cannot encode header: Format specifies GNU; and GNU cannot encode "
                       "Uname=\"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\"",
                       Error);
  h.gname = repeat("g", 40);
  CHECK_THROWS_WITH_AS(tar_of({{h, ""}}),
                       "archive/tar: cannot encode header: Format specifies GNU; and GNU cannot encode "
                       "Gname=\"gggggggggggggggggggggggggggggggggggggggg\"",
                       Error);
  CHECK_THROWS_WITH_AS(tar_of({{regular("x", 0644, 2), "abc"}}), "archive/tar: write too long", Error);
  CHECK_THROWS_WITH_AS(tar_of({{regular("x", 0644, 3), "a"}}), "archive/tar: missed writing 2 bytes", Error);
}

TEST_CASE("go_file_info_header: the fields tar.FileInfoHeader takes from a stat") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("kiln_tar_test_{}", getpid());
  fs::create_directories(dir);
  fs::path file = dir / "setuid.bin";
  std::ofstream(file) << "kiln";
  REQUIRE(chmod(file.c_str(), 04755) == 0);
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);

  TarHeader h = go_file_info_header("setuid.bin", st);
  CHECK(h.name == "setuid.bin");
  CHECK(h.typeflag == '0');
  CHECK(h.mode == 04755);
  CHECK(h.size == 4);
  CHECK(h.uid == getuid());
  CHECK(h.uname == getpwuid(getuid())->pw_name);

  if (getuid() == 0) {  // an owner without a passwd or group entry has empty names
    REQUIRE(chown(file.c_str(), 4242, 4242) == 0);
    REQUIRE(stat(file.c_str(), &st) == 0);
    h = go_file_info_header("setuid.bin", st);
    CHECK(h.uid == 4242);
    CHECK(h.gid == 4242);
    CHECK(h.uname.empty());
    CHECK(h.gname.empty());
  }

  REQUIRE(stat(dir.c_str(), &st) == 0);
  h = go_file_info_header("d", st);
  CHECK(h.name == "d/");
  CHECK(h.typeflag == '5');
  CHECK(h.size == 0);

  REQUIRE(stat("/dev/null", &st) == 0);
  h = go_file_info_header("null", st);
  CHECK(h.typeflag == '3');
  CHECK(h.devmajor == 1);
  CHECK(h.devminor == 3);
  CHECK(h.mode == 0666);
  fs::remove_all(dir);
}
