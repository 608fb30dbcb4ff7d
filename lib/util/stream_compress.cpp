#include "util/stream_compress.hpp"

#include <libdeflate.h>
#include <zstd.h>

#include <deque>
#include <future>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "codec/klauspost_deflate.hpp"
#include "codec/pgzip_writer.hpp"
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

constexpr size_t kBlock = 1 << 20;  // bytes per independently compressed gzip member

// One complete gzip member for `block` (libdeflate: several times zlib's speed at the same level).
std::string gzip_member(const std::string& block, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  if (!c) throw Error("cannot allocate a deflate compressor");
  std::string out(libdeflate_gzip_compress_bound(c, block.size()), '\0');
  size_t n = libdeflate_gzip_compress(c, block.data(), block.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  if (n == 0) throw Error("gzip compression failed");
  out.resize(n);
  return out;
}

// pigz-like: the input is cut into blocks compressed on every core; the output is their gzip
// members concatenated, which every gzip reader treats as one stream. Blocks stay in flight while
// the caller reads on, so the cores do not wait for the reader or for each other.
class ParallelGzip : public StreamCompressor {
 public:
  ParallelGzip(ByteSinkFn sink, int level, unsigned threads)
      // Default 5: libdeflate's level 5 still compresses better than Packer's default (pgzip) on
      // mixed data, and is about a third faster than its level 6 (bench/compress.sh).
      : sink_(std::move(sink)), level_(level < 0 ? 5 : level),
        threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())) {}

  void write(const char* data, size_t size) override {
    while (size > 0) {
      size_t take = std::min(size, kBlock - current_.size());
      current_.append(data, take);
      data += take;
      size -= take;
      if (current_.size() == kBlock) submit();
    }
  }

  void finish() override {
    if (!current_.empty() || !submitted_) submit();  // empty input still makes one valid member
    while (!in_flight_.empty()) write_oldest();
  }

 private:
  void submit() {
    if (in_flight_.size() >= threads_ * 2) write_oldest();
    in_flight_.push_back(std::async(std::launch::async, [block = std::move(current_), level = level_] {
      return gzip_member(block, level);
    }));
    current_.clear();
    submitted_ = true;
  }

  // Members go out in input order.
  void write_oldest() {
    std::string member = in_flight_.front().get();
    in_flight_.pop_front();
    sink_(member.data(), member.size());
  }

  ByteSinkFn sink_;
  int level_;
  unsigned threads_;
  std::string current_;
  std::deque<std::future<std::string>> in_flight_;
  bool submitted_ = false;
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
  if (codec::deflater_exact(level)) return codec::make_pgzip_writer(std::move(sink), level, threads);
  return std::make_unique<ParallelGzip>(std::move(sink), level, threads);
}

std::unique_ptr<StreamCompressor> make_zstd(ByteSinkFn sink, int level, unsigned threads) {
  return std::make_unique<Zstd>(std::move(sink), level, threads);
}

}  // namespace kiln
