#include "util/stream_compress.hpp"

#include <zlib.h>
#include <zstd.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln {
namespace {

class PlainWriter : public StreamCompressor {
 public:
  explicit PlainWriter(ByteSinkFn sink) : sink_(std::move(sink)) {}
  void write(const char* data, size_t size) override { sink_(data, size); }
  void finish() override {}

 private:
  ByteSinkFn sink_;
};

constexpr size_t kBlock = 1 << 20;     // bytes per independently deflated block
constexpr size_t kWindow = 32 * 1024;  // deflate's dictionary size

// Deflates one block, primed with the previous block's tail so the ratio matches serial gzip.
std::string deflate_block(const std::string& block, const std::string& dictionary, int level, bool last) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw Error("deflateInit2 failed");
  if (!dictionary.empty())
    deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()), static_cast<uInt>(dictionary.size()));
  std::string out(deflateBound(&z, block.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
  z.avail_in = static_cast<uInt>(block.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
  deflateEnd(&z);
  if (rc != (last ? Z_STREAM_END : Z_OK)) throw Error("deflate failed");
  out.resize(out.size() - z.avail_out);
  return out;
}

class ParallelGzip : public StreamCompressor {
 public:
  ParallelGzip(ByteSinkFn sink, int level, unsigned threads)
      : sink_(std::move(sink)), level_(level < 0 ? 6 : level),
        threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())) {
    const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    sink_(reinterpret_cast<const char*>(header), sizeof header);
  }

  void write(const char* data, size_t size) override {
    while (size > 0) {
      size_t take = std::min(size, kBlock - current_.size());
      current_.append(data, take);
      data += take;
      size -= take;
      if (current_.size() == kBlock) {
        pending_.push_back(std::move(current_));
        current_.clear();
        if (pending_.size() >= threads_ * 2) flush_pending(false);
      }
    }
  }

  void finish() override {
    pending_.push_back(std::move(current_));
    flush_pending(true);
    unsigned char trailer[8];
    for (int i = 0; i < 4; ++i) trailer[i] = static_cast<unsigned char>(crc_ >> (8 * i));
    for (int i = 0; i < 4; ++i) trailer[4 + i] = static_cast<unsigned char>(length_ >> (8 * i));
    sink_(reinterpret_cast<const char*>(trailer), sizeof trailer);
  }

 private:
  // Compresses the pending blocks in parallel and writes them in order.
  void flush_pending(bool final) {
    std::vector<std::future<std::string>> jobs;
    for (size_t i = 0; i < pending_.size(); ++i) {
      const std::string& dict = i == 0 ? dictionary_ : pending_[i - 1];
      std::string tail = dict.size() > kWindow ? dict.substr(dict.size() - kWindow) : dict;
      bool last = final && i + 1 == pending_.size();
      jobs.push_back(std::async(std::launch::async, deflate_block, std::cref(pending_[i]), std::move(tail), level_, last));
    }
    for (size_t i = 0; i < pending_.size(); ++i) {
      crc_ = crc32(crc_, reinterpret_cast<const Bytef*>(pending_[i].data()), static_cast<uInt>(pending_[i].size()));
      length_ += pending_[i].size();
      std::string out = jobs[i].get();
      sink_(out.data(), out.size());
    }
    if (!pending_.empty()) dictionary_ = pending_.back().size() > kWindow ? pending_.back().substr(pending_.back().size() - kWindow) : pending_.back();
    pending_.clear();
  }

  ByteSinkFn sink_;
  int level_;
  unsigned threads_;
  std::string current_;
  std::vector<std::string> pending_;
  std::string dictionary_;
  uLong crc_ = crc32(0, nullptr, 0);
  uint64_t length_ = 0;
};

class Zstd : public StreamCompressor {
 public:
  Zstd(ByteSinkFn sink, int level, unsigned threads) : sink_(std::move(sink)), ctx_(ZSTD_createCCtx()) {
    ZSTD_CCtx_setParameter(ctx_, ZSTD_c_compressionLevel, level < 0 ? 3 : level);
    ZSTD_CCtx_setParameter(ctx_, ZSTD_c_checksumFlag, 1);
    // nbWorkers > 0 compresses on that many extra threads (ignored by single-threaded libzstd builds).
    ZSTD_CCtx_setParameter(ctx_, ZSTD_c_nbWorkers,
                           static_cast<int>(threads ? threads : std::max(1u, std::thread::hardware_concurrency())));
    out_.resize(ZSTD_CStreamOutSize());
  }
  ~Zstd() override { ZSTD_freeCCtx(ctx_); }

  void write(const char* data, size_t size) override { drive(data, size, ZSTD_e_continue); }
  void finish() override { drive(nullptr, 0, ZSTD_e_end); }

 private:
  void drive(const char* data, size_t size, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data, size, 0};
    for (;;) {
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      size_t left = ZSTD_compressStream2(ctx_, &out, &in, mode);
      if (ZSTD_isError(left)) throw Error(fmt::format("zstd: {}", ZSTD_getErrorName(left)));
      if (out.pos) sink_(out_.data(), out.pos);
      if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size) break;
    }
  }

  ByteSinkFn sink_;
  ZSTD_CCtx* ctx_;
  std::string out_;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_plain_writer(ByteSinkFn sink) { return std::make_unique<PlainWriter>(std::move(sink)); }

std::unique_ptr<StreamCompressor> make_parallel_gzip(ByteSinkFn sink, int level, unsigned threads) {
  return std::make_unique<ParallelGzip>(std::move(sink), level, threads);
}

std::unique_ptr<StreamCompressor> make_zstd(ByteSinkFn sink, int level, unsigned threads) {
  return std::make_unique<Zstd>(std::move(sink), level, threads);
}

}  // namespace kiln
