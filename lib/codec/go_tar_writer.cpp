#include "codec/go_tar_writer.hpp"

#include <array>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::codec {
namespace {

constexpr size_t kBlock = 512;
constexpr std::array<char, kBlock> kZeroBlock{};

// Field offsets and widths of the GNU header block.
struct Field {
  size_t offset;
  size_t size;
};
constexpr Field kName{0, 100}, kMode{100, 8}, kUid{108, 8}, kGid{116, 8}, kSize{124, 12}, kMtime{136, 12},
    kChksum{148, 8}, kTypeflag{156, 1}, kMagic{257, 8}, kUname{265, 32}, kGname{297, 32}, kDevmajor{329, 8},
    kDevminor{337, 8};

class Block {
 public:
  // Go's formatString: copies, NUL-terminates when there is room; a name cut at the field's end
  // loses the slashes it would end with, so readers do not take a file for a directory.
  void string(Field f, std::string_view s) {
    size_t n = std::min(s.size(), f.size);
    std::memcpy(&data_[f.offset], s.data(), n);
    if (s.size() > f.size && s[f.size - 1] == '/') {
      while (n > 0 && s[n - 1] == '/') --n;
      data_[f.offset + n] = 0;
    }
  }

  // Go's formatNumeric: zero-padded octal and a NUL when it fits, else base-256 with the top bit set.
  void number(Field f, int64_t x) {
    if (fits_octal(f.size, x)) return octal(f, x);
    for (size_t i = f.size; i-- > 0; x >>= 8) data_[f.offset + i] = static_cast<char>(x & 0xff);
    data_[f.offset] = static_cast<char>(data_[f.offset] | 0x80);
  }

  void octal(Field f, int64_t x) { string(f, fmt::format("{:0{}o}", x, f.size - 1)); }

  void byte(Field f, char c) { data_[f.offset] = c; }

  // GNU magic and version, then the checksum: six octal digits, NUL, space.
  void seal() {
    std::memcpy(&data_[kMagic.offset], "ustar  ", kMagic.size);  // with its NUL
    unsigned sum = ' ' * kChksum.size;
    for (size_t i = 0; i < kBlock; ++i)
      if (i < kChksum.offset || i >= kChksum.offset + kChksum.size) sum += static_cast<unsigned char>(data_[i]);
    octal({kChksum.offset, 7}, sum);
    data_[kChksum.offset + 7] = ' ';
  }

  const char* data() const { return data_.data(); }

 private:
  static bool fits_octal(size_t size, int64_t x) { return x >= 0 && x < (int64_t{1} << ((size - 1) * 3)); }

  std::array<char, kBlock> data_{};
};

uint64_t padding_for(uint64_t size) { return (kBlock - size % kBlock) % kBlock; }

// Links, devices, directories and FIFOs carry no content, whatever their size field says.
bool header_only(char typeflag) { return typeflag >= '1' && typeflag <= '6'; }

// With Format = FormatGNU, Go refuses a header only for an owner name longer than its field.
void check_owner_name(const char* field, const std::string& name) {
  if (name.size() > kUname.size)
    throw Error(fmt::format("archive/tar: cannot encode header: Format specifies GNU; and GNU cannot encode {}=\"{}\"",
                            field, name),
                ErrorCode::Build);
}

}  // namespace

GoTarWriter::GoTarWriter(ByteSinkFn sink) : sink_(std::move(sink)) {}

void GoTarWriter::add_member(const TarHeader& h) {
  end_member();
  check_owner_name("Gname", h.gname);  // Go names the last field it cannot encode
  check_owner_name("Uname", h.uname);
  if (h.name.size() > kName.size) {
    // The full name as the content of a '././@LongLink' member of type 'L', with its NUL.
    std::string data = h.name + '\0';
    Block record;
    record.string(kName, "././@LongLink");
    record.octal(kMode, 0);
    record.octal(kUid, 0);
    record.octal(kGid, 0);
    record.octal(kSize, static_cast<int64_t>(data.size()));
    record.octal(kMtime, 0);
    record.byte(kTypeflag, 'L');
    record.seal();
    sink_(record.data(), kBlock);
    sink_(data.data(), data.size());
    pad(padding_for(data.size()));
  }
  Block header;
  header.string(kName, h.name);
  header.number(kMode, h.mode);
  header.number(kUid, h.uid);
  header.number(kGid, h.gid);
  header.number(kSize, h.size);
  header.number(kMtime, 0);  // Go writes the zero ModTime as the Unix epoch; atime and ctime stay empty
  header.byte(kTypeflag, h.typeflag);
  header.string(kUname, h.uname);
  header.string(kGname, h.gname);
  header.number(kDevmajor, h.devmajor);
  header.number(kDevminor, h.devminor);
  header.seal();
  sink_(header.data(), kBlock);
  remaining_ = header_only(h.typeflag) ? 0 : static_cast<uint64_t>(h.size);
  padding_ = padding_for(remaining_);
}

void GoTarWriter::pad(uint64_t zeros) {
  if (zeros > 0) sink_(kZeroBlock.data(), zeros);
}

void GoTarWriter::write(const char* data, size_t size) {
  if (size > remaining_) throw Error("archive/tar: write too long", ErrorCode::Build);
  sink_(data, size);
  remaining_ -= size;
}

void GoTarWriter::end_member() {
  if (remaining_ > 0)
    throw Error(fmt::format("archive/tar: missed writing {} bytes", remaining_), ErrorCode::Build);
  pad(padding_);
  padding_ = 0;
}

void GoTarWriter::finish() {
  end_member();
  sink_(kZeroBlock.data(), kBlock);
  sink_(kZeroBlock.data(), kBlock);
}

}  // namespace kiln::codec
