#include "codec/xz_writer.hpp"

#include <libdeflate.h>

#include <vector>

#include "codec/bytes.hpp"
#include "codec/crc64.hpp"
#include "codec/ulikunitz_lzma2_writer.hpp"

namespace kiln::codec {
namespace {

constexpr uint8_t kCheckCrc64 = 0x04;
constexpr uint8_t kLzma2FilterId = 0x21;
constexpr uint8_t kDictSize8MiB = 22;  // LZMA2's dictionary size code: 2^(22/2 + 12)
constexpr size_t kBlockHeaderLen = 12;
constexpr size_t kCheckLen = 8;

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<uint8_t>(v | 0x80));
  out.push_back(static_cast<uint8_t>(v));
}

void pad_to_four(std::vector<uint8_t>& out, size_t counted) {
  for (; counted % 4 != 0; ++counted) out.push_back(0);
}

uint32_t crc32(const uint8_t* data, size_t size) { return libdeflate_crc32(0, data, size); }

class XzWriter final : public StreamCompressor {
 public:
  explicit XzWriter(ByteSinkFn sink)
      : sink_(std::move(sink)), lzma2_([this](const char* data, size_t size) {
          compressed_size_ += size;
          sink_(data, size);
        }) {
    std::vector<uint8_t> header = {0xfd, '7', 'z', 'X', 'Z', 0x00, 0x00, kCheckCrc64};
    append_le(header, crc32(header.data() + 6, 2), 4);
    // Block header: its size / 4 - 1, no flags (one filter, no sizes), LZMA2 with its one property byte.
    std::vector<uint8_t> block = {kBlockHeaderLen / 4 - 1, 0x00, kLzma2FilterId, 0x01, kDictSize8MiB};
    pad_to_four(block, block.size());
    append_le(block, crc32(block.data(), block.size()), 4);
    header.insert(header.end(), block.begin(), block.end());
    emit(header);
  }

  void write(const char* data, size_t size) override {
    const auto* in = reinterpret_cast<const uint8_t*>(data);
    check_ = crc64_xz(check_, in, size);
    uncompressed_size_ += size;
    lzma2_.write(in, size);
  }

  void finish() override {
    lzma2_.finish();
    std::vector<uint8_t> tail;
    pad_to_four(tail, compressed_size_);
    append_le(tail, check_, kCheckLen);

    std::vector<uint8_t> index = {0x00, 0x01};  // index indicator, one record
    put_varint(index, kBlockHeaderLen + compressed_size_ + kCheckLen);  // the block's unpadded size
    put_varint(index, uncompressed_size_);
    pad_to_four(index, index.size());
    append_le(index, crc32(index.data(), index.size()), 4);

    std::vector<uint8_t> footer;
    append_le(footer, index.size() / 4 - 1, 4);  // backward size
    footer.push_back(0x00);
    footer.push_back(kCheckCrc64);
    footer.push_back('Y');
    footer.push_back('Z');
    std::vector<uint8_t> footer_crc;
    append_le(footer_crc, crc32(footer.data(), 6), 4);

    tail.insert(tail.end(), index.begin(), index.end());
    tail.insert(tail.end(), footer_crc.begin(), footer_crc.end());
    tail.insert(tail.end(), footer.begin(), footer.end());
    emit(tail);
  }

 private:
  void emit(const std::vector<uint8_t>& bytes) { sink_(reinterpret_cast<const char*>(bytes.data()), bytes.size()); }

  ByteSinkFn sink_;
  UlikunitzLzma2Writer lzma2_;
  uint64_t check_ = 0;
  uint64_t uncompressed_size_ = 0;
  uint64_t compressed_size_ = 0;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_xz_writer(ByteSinkFn sink) {
  return std::make_unique<XzWriter>(std::move(sink));
}

}  // namespace kiln::codec
