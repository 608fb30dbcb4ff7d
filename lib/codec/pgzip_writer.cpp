#include "codec/pgzip_writer.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <memory>
#include <string>

#include "codec/block_workers.hpp"
#include "codec/bytes.hpp"
#include "codec/klauspost_deflate.hpp"

namespace kiln::codec {
namespace {

constexpr size_t kBlockSize = 500000;  // Packer's SetConcurrency(500000, GOMAXPROCS)
constexpr size_t kTailSize = 16384;    // dictionary carried to the next block

using DeflaterPtr = std::unique_ptr<Deflater>;

// Go's zero time.Time as a Unix time, truncated to 32 bits: pgzip's header always carries it.
constexpr uint32_t kZeroTimeMtime = static_cast<uint32_t>(-62135596800LL);

std::string gzip_header(int level) {
  std::string h = {'\x1f', '\x8b', 8, 0};
  append_le(h, kZeroTimeMtime, 4);
  h.push_back(level == 9 ? 2 : level == 1 ? 4 : 0);  // XFL
  h.push_back('\xff');                                // OS: unknown
  return h;
}

// One block's deflate data: the sync-flushed block and, for the last, the final empty block.
std::string compress_block(Deflater& d, const std::string& tail, const std::string& block, bool last) {
  std::string out;
  out.reserve(block.size() + block.size() / 16 + 64);
  d.reset_dict(&out, reinterpret_cast<const uint8_t*>(tail.data()), tail.size());
  d.write(reinterpret_cast<const uint8_t*>(block.data()), block.size());
  d.flush();
  if (last) d.close();
  return out;
}

class PgzipWriter final : public StreamCompressor {
 public:
  PgzipWriter(ByteSinkFn sink, int level, unsigned threads)
      : sink_(sink), level_(level), workers_(sink, threads, [level] { return make_deflater(level); }) {
    block_.reserve(kBlockSize);
  }

  void write(const char* data, size_t size) override {
    write_header();
    crc_ = libdeflate_crc32(crc_, data, size);
    size_ += size;
    while (size > 0) {
      size_t take = std::min(size, kBlockSize - block_.size());
      block_.append(data, take);
      data += take;
      size -= take;
      if (block_.size() == kBlockSize) submit(false);
    }
  }

  void finish() override {
    write_header();
    submit(true);  // possibly empty: it still ends the stream
    workers_.drain();
    std::string trailer;
    append_le(trailer, crc_, 4);
    append_le(trailer, static_cast<uint32_t>(size_), 4);
    sink_(trailer.data(), trailer.size());
  }

 private:
  void write_header() {
    if (wrote_header_) return;
    std::string header = gzip_header(level_);
    sink_(header.data(), header.size());
    wrote_header_ = true;
  }

  // Hands the current block to the workers, with the previous block's tail as its dictionary.
  void submit(bool last) {
    std::string tail = block_.size() > kTailSize ? block_.substr(block_.size() - kTailSize) : std::string();
    workers_.submit([tail = std::move(tail_), block = std::move(block_), last](DeflaterPtr& d) {
      return compress_block(*d, tail, block, last);
    });
    tail_ = std::move(tail);
    block_ = std::string();
    block_.reserve(kBlockSize);
  }

  ByteSinkFn sink_;
  int level_;
  BlockWorkers<DeflaterPtr> workers_;
  bool wrote_header_ = false;
  uint32_t crc_ = 0;
  uint64_t size_ = 0;
  std::string block_;
  std::string tail_;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_pgzip_writer(ByteSinkFn sink, int level, unsigned threads) {
  return std::make_unique<PgzipWriter>(std::move(sink), level, threads);
}

}  // namespace kiln::codec
