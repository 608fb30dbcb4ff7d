#include "codec/bgzf_writer.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "codec/block_workers.hpp"
#include "codec/bytes.hpp"
#include "codec/go_deflate.hpp"

namespace kiln::codec {
namespace {

constexpr size_t kMaxMemberSize = 0x10000;  // BSIZE, the member's size - 1, is 16 bits

// The marker member biogo writes on Close: empty, fixed-Huffman, level-agnostic.
constexpr uint8_t kEofMarker[] = {0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43,
                                  0x02, 0x00, 0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

}  // namespace

std::string bgzf_member(std::span<const uint8_t> block, int level) {
  // Go's gzip header with biogo's fields: only FEXTRA set, no mtime (Go's zero time), XFL by
  // level, OS unknown; the extra field is the 6-byte "BC" subfield, its size patched in below.
  std::string out = {'\x1f', '\x8b', 8, 4, 0, 0, 0, 0};
  out.push_back(level == 9 ? 2 : level == 1 ? 4 : 0);
  out.push_back('\xff');
  out.append({6, 0, 'B', 'C', 2, 0, 0, 0});
  GoDeflater deflater([&](const char* data, size_t n) { out.append(data, n); }, level);
  deflater.write(block);
  deflater.close();
  append_le(out, libdeflate_crc32(0, block.data(), block.size()), 4);
  append_le(out, static_cast<uint32_t>(block.size()), 4);
  if (out.size() > kMaxMemberSize) throw std::length_error("bgzf: block overflow");
  out[16] = static_cast<char>((out.size() - 1) & 0xff);
  out[17] = static_cast<char>((out.size() - 1) >> 8);
  return out;
}

BgzfWriter::BgzfWriter(ByteSinkFn sink, int level, unsigned threads) : sink_(sink) {
  if (level != -1 && (level < 1 || level > 9)) throw std::invalid_argument("bgzf: level must be 1-9 or -1");
  workers_ = std::make_unique<BlockWorkers<int>>(std::move(sink), threads, [level] { return level; });
  block_.reserve(kBlockSize);
}

BgzfWriter::~BgzfWriter() = default;

void BgzfWriter::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    size_t taken = 0;
    if (block_.empty() || block_.size() + data.size() <= kBlockSize) {
      taken = std::min(data.size(), kBlockSize - block_.size());
      block_.insert(block_.end(), data.begin(), data.begin() + static_cast<long>(taken));
      data = data.subspan(taken);
    }
    if (block_.size() == kBlockSize || taken == 0) submit();
  }
}

void BgzfWriter::close() {
  submit();
  workers_->drain();
  sink_(reinterpret_cast<const char*>(kEofMarker), sizeof kEofMarker);
}

// Hands the current block to the workers; members go out in input order, a few blocks behind.
void BgzfWriter::submit() {
  workers_->submit([block = std::move(block_)](int& level) { return bgzf_member(block, level); });
  block_ = std::vector<uint8_t>();
  block_.reserve(kBlockSize);
}

namespace {

// The compress post-processor's stream: its writes are Packer's (io.Copy's 32 KiB pieces, the tar
// writer's headers and padding), and each one reaches the BGZF writer as it comes.
class BgzfStream final : public StreamCompressor {
 public:
  BgzfStream(ByteSinkFn sink, int level, unsigned threads) : writer_(std::move(sink), level, threads) {}

  void write(const char* data, size_t size) override { writer_.write({reinterpret_cast<const uint8_t*>(data), size}); }
  void finish() override { writer_.close(); }

 private:
  BgzfWriter writer_;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_bgzf_writer(ByteSinkFn sink, int level, unsigned threads) {
  return std::make_unique<BgzfStream>(std::move(sink), level, threads);
}

}  // namespace kiln::codec
