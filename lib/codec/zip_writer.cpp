#include "codec/zip_writer.hpp"

#include <libdeflate.h>

#include <algorithm>

#include <fmt/format.h>

#include "codec/bytes.hpp"

#include "kiln/error.hpp"
#include "util/go_utf8.hpp"

namespace kiln::codec {
namespace {

constexpr size_t kCopyChunk = 32 * 1024;  // io.Copy's buffer
constexpr uint32_t kMax32 = 0xffffffff;
constexpr uint16_t kMax16 = 0xffff;
constexpr uint16_t kVersion20 = 20;  // deflate
constexpr uint16_t kVersion45 = 45;  // zip64
constexpr uint16_t kMethodDeflate = 8;
constexpr uint16_t kFlagDataDescriptor = 0x8;
constexpr uint16_t kFlagUtf8 = 0x800;

// Little-endian record fields.
class Record {
 public:
  Record& u16(uint16_t v) { return put(v, 2); }
  Record& u32(uint32_t v) { return put(v, 4); }
  Record& u64(uint64_t v) { return put(v, 8); }
  Record& bytes(const std::string& s) {
    out_.insert(out_.end(), s.begin(), s.end());
    return *this;
  }
  const std::vector<char>& data() const { return out_; }

 private:
  Record& put(uint64_t v, int size) {
    append_le(out_, v, size);
    return *this;
  }
  std::vector<char> out_;
};

// Go sets the UTF-8 flag for a name that is valid UTF-8 but not plain CP-437-safe ASCII
// (control characters, '\', '~', DEL and everything above).
bool needs_utf8_flag(const std::string& name) {
  bool required = false;
  for (size_t i = 0; i < name.size();) {
    size_t len = 1;
    char32_t r = decode_utf8(name, i, len);
    if (r == 0xfffd && len == 1) return false;  // not UTF-8: leave the flag off
    if (r < 0x20 || r > 0x7d || r == 0x5c) required = true;
    i += len;
  }
  return required;
}

}  // namespace

bool ZipWriter::Member::zip64() const { return compressed >= kMax32 || uncompressed >= kMax32; }

ZipWriter::ZipWriter(ByteSinkFn sink, uint64_t start_offset) : sink_(std::move(sink)), written_(start_offset) {
  pending_.reserve(kCopyChunk);
}

void ZipWriter::emit(const void* data, size_t size) {
  sink_(static_cast<const char*>(data), size);
  written_ += size;
}

void ZipWriter::add_member(const std::string& name) {
  end_member();
  if (name.size() > kMax16) throw Error(fmt::format("zip: member name too long: {}", name), ErrorCode::Build);
  Member& m = members_.emplace_back(
      Member{name, static_cast<uint16_t>(kFlagDataDescriptor | (needs_utf8_flag(name) ? kFlagUtf8 : 0)), 0, 0, 0, written_});
  Record header;
  header.u32(0x04034b50).u16(kVersion20).u16(m.flags).u16(kMethodDeflate);
  header.u16(0).u16(0);          // DOS time and date: Go leaves them zero
  header.u32(0).u32(0).u32(0);   // CRC and sizes follow in the data descriptor
  header.u16(static_cast<uint16_t>(name.size())).u16(0).bytes(name);
  emit(header.data().data(), header.data().size());
  deflater_ = std::make_unique<GoDeflater>([this](const char* data, size_t size) {
    members_.back().compressed += size;
    emit(data, size);
  });
}

void ZipWriter::write(const char* data, size_t size) {
  Member& m = members_.back();
  m.crc32 = libdeflate_crc32(m.crc32, data, size);
  m.uncompressed += size;
  auto bytes = reinterpret_cast<const uint8_t*>(data);
  while (size > 0) {
    if (pending_.empty() && size >= kCopyChunk) {
      deflater_->write({bytes, kCopyChunk});
      bytes += kCopyChunk;
      size -= kCopyChunk;
      continue;
    }
    size_t take = std::min(size, kCopyChunk - pending_.size());
    pending_.insert(pending_.end(), bytes, bytes + take);
    bytes += take;
    size -= take;
    if (pending_.size() == kCopyChunk) {
      deflater_->write(pending_);
      pending_.clear();
    }
  }
}

void ZipWriter::end_member() {
  if (!deflater_) return;
  if (!pending_.empty()) deflater_->write(pending_);
  pending_.clear();
  deflater_->close();
  deflater_.reset();
  const Member& m = members_.back();
  Record descriptor;
  descriptor.u32(0x08074b50).u32(m.crc32);
  if (m.zip64())
    descriptor.u64(m.compressed).u64(m.uncompressed);
  else
    descriptor.u32(static_cast<uint32_t>(m.compressed)).u32(static_cast<uint32_t>(m.uncompressed));
  emit(descriptor.data().data(), descriptor.data().size());
}

void ZipWriter::finish() {
  end_member();
  uint64_t start = written_;
  for (const Member& m : members_) {
    // Sizes and offset move to a zip64 extra field when a member or its offset needs 64 bits.
    bool extra = m.zip64() || m.offset >= kMax32;
    Record entry;
    entry.u32(0x02014b50).u16(kVersion20).u16(m.zip64() ? kVersion45 : kVersion20).u16(m.flags).u16(kMethodDeflate);
    entry.u16(0).u16(0).u32(m.crc32);
    if (extra)
      entry.u32(kMax32).u32(kMax32);
    else
      entry.u32(static_cast<uint32_t>(m.compressed)).u32(static_cast<uint32_t>(m.uncompressed));
    entry.u16(static_cast<uint16_t>(m.name.size())).u16(extra ? 28 : 0).u16(0);  // name, extra, comment
    entry.u16(0).u16(0).u32(0);  // disk, internal and external attributes
    entry.u32(m.offset > kMax32 ? kMax32 : static_cast<uint32_t>(m.offset));
    entry.bytes(m.name);
    if (extra) entry.u16(0x0001).u16(24).u64(m.uncompressed).u64(m.compressed).u64(m.offset);
    emit(entry.data().data(), entry.data().size());
  }
  uint64_t end = written_;
  uint64_t records = members_.size();
  uint64_t size = end - start;
  uint64_t offset = start;
  if (records >= kMax16 || size >= kMax32 || offset >= kMax32) {
    Record zip64_end;
    zip64_end.u32(0x06064b50).u64(56 - 12).u16(kVersion45).u16(kVersion45).u32(0).u32(0);
    zip64_end.u64(records).u64(records).u64(size).u64(offset);
    zip64_end.u32(0x07064b50).u32(0).u64(end).u32(1);  // its locator
    emit(zip64_end.data().data(), zip64_end.data().size());
    records = kMax16;
    size = kMax32;
    offset = kMax32;
  }
  Record end_record;
  end_record.u32(0x06054b50).u16(0).u16(0).u16(static_cast<uint16_t>(records)).u16(static_cast<uint16_t>(records));
  end_record.u32(static_cast<uint32_t>(size)).u32(static_cast<uint32_t>(offset)).u16(0);
  emit(end_record.data().data(), end_record.data().size());
}

}  // namespace kiln::codec
