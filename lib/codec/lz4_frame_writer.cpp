#include "codec/lz4_frame_writer.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/lz4_block.hpp"
#include "codec/xxh32.hpp"

namespace kiln::codec {
namespace {

constexpr size_t kBlockSize = 4 << 20;  // pierrec's default BlockMaxSize
constexpr uint32_t kStoredFlag = 1u << 31;

class Lz4FrameWriter final : public StreamCompressor {
 public:
  Lz4FrameWriter(ByteSinkFn sink, int level)
      : sink_(std::move(sink)), level_(level), pending_(kBlockSize), compressed_(kBlockSize) {
    // Magic, FLG (version 1, independent blocks, content checksum), BD (4 MiB blocks), header checksum.
    uint8_t header[7] = {0x04, 0x22, 0x4d, 0x18, 0x64, 0x70, 0};
    header[6] = static_cast<uint8_t>(xxh32(header + 4, 2) >> 8);
    emit(header, sizeof header);
  }

  // Blocks are always full 4 MiB of input but the last, so how the input is split does not matter.
  void write(const char* data, size_t size) override {
    const auto* in = reinterpret_cast<const uint8_t*>(data);
    while (size > 0) {
      if (pending_size_ == 0 && size >= kBlockSize) {
        put_block(in, kBlockSize);
        in += kBlockSize;
        size -= kBlockSize;
        continue;
      }
      size_t n = std::min(size, kBlockSize - pending_size_);
      std::memcpy(pending_.data() + pending_size_, in, n);
      pending_size_ += n;
      in += n;
      size -= n;
      if (pending_size_ == kBlockSize) {
        put_block(pending_.data(), kBlockSize);
        pending_size_ = 0;
      }
    }
  }

  void finish() override {
    if (pending_size_ > 0) put_block(pending_.data(), pending_size_);
    pending_size_ = 0;
    put_le32(0);  // end mark
    put_le32(checksum_.digest());
  }

 private:
  void put_block(const uint8_t* data, size_t size) {
    checksum_.update(data, size);
    // Go's output buffer is always a whole block long, whatever the size of this one.
    size_t n = level_ > 0 ? hc_.compress(data, size, compressed_.data(), kBlockSize, level_)
                          : fast_.compress(data, size, compressed_.data(), kBlockSize);
    if (n > 0 && n < size) {
      put_le32(static_cast<uint32_t>(n));
      emit(compressed_.data(), n);
    } else {
      put_le32(static_cast<uint32_t>(size) | kStoredFlag);
      emit(data, size);
    }
  }

  void put_le32(uint32_t v) {
    std::string bytes;
    append_le(bytes, v, 4);
    sink_(bytes.data(), bytes.size());
  }

  void emit(const uint8_t* data, size_t size) { sink_(reinterpret_cast<const char*>(data), size); }

  ByteSinkFn sink_;
  int level_;
  std::vector<uint8_t> pending_;
  size_t pending_size_ = 0;
  std::vector<uint8_t> compressed_;
  Lz4FastCompressor fast_;
  Lz4HcCompressor hc_;
  Xxh32 checksum_;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_lz4_frame_writer(ByteSinkFn sink, int level) {
  return std::make_unique<Lz4FrameWriter>(std::move(sink), level);
}

}  // namespace kiln::codec
