#include "util/stream_compress.hpp"

#include <zstd.h>

#include <algorithm>
#include <string>
#include <thread>

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

std::unique_ptr<StreamCompressor> make_zstd(ByteSinkFn sink, int level, unsigned threads) {
  return std::make_unique<Zstd>(std::move(sink), level, threads);
}

}  // namespace kiln
