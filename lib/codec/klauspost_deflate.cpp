#include "codec/klauspost_deflate.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "codec/klauspost_bit_writer.hpp"
#include "codec/klauspost_fast_encoder.hpp"
#include "codec/klauspost_lazy_deflater.hpp"

namespace kiln::codec {
namespace {

constexpr size_t kMaxDictSize = kMaxMatchOffset;

// Levels 1-6: the input is cut into 64 KiB windows, each tokenized by the level's fast encoder (which keeps
// 32 KiB of history across windows) and written as one block.
class FastDeflater final : public Deflater {
 public:
  explicit FastDeflater(int level)
      : encoder_(make_fast_encoder(level)), tokens_(std::make_unique<Tokens>()), window_(kMaxStoreBlockSize) {}

  void reset_dict(std::string* out, const uint8_t* dict, size_t size) override {
    writer_.reset(out);
    encoder_->reset();
    window_end_ = 0;
    tokens_->reset();
    if (size > kMaxDictSize) {
      dict += size - kMaxDictSize;
      size = kMaxDictSize;
    }
    encoder_->encode(*tokens_, dict, static_cast<int32_t>(size));  // fills the history; tokens unused
    tokens_->reset();
  }

  void write(const uint8_t* data, size_t size) override {
    while (size > 0) {
      if (window_end_ == window_.size()) store(false);
      size_t n = std::min(size, window_.size() - window_end_);
      std::memcpy(window_.data() + window_end_, data, n);
      window_end_ += n;
      data += n;
      size -= n;
    }
  }

  void flush() override {
    store(true);
    writer_.write_stored_header(0, false);
    writer_.flush();
  }

  void close() override {
    store(true);
    writer_.write_stored_header(0, true);
    writer_.flush();
  }

 private:
  // Writes the window as a block; without sync only a full window.
  void store(bool sync) {
    BlockInput window{window_.data(), window_end_};
    if (window_end_ < window_.size()) {
      if (!sync) return;
      if (window_end_ < 128) {  // tiny tails: stored or literals only, not worth matching
        if (window_end_ == 0) return;
        if (window_end_ <= 32) {
          writer_.write_stored_header(static_cast<int>(window_end_), false);
          writer_.write_bytes(window.data, window.size);
        } else {
          writer_.write_block_huff(false, window, true);
        }
        tokens_->reset();
        window_end_ = 0;
        encoder_->reset();
        return;
      }
    }
    encoder_->encode(*tokens_, window_.data(), static_cast<int32_t>(window_end_));
    if (tokens_->n == 0) {  // no match at all
      writer_.write_stored_header(static_cast<int>(window_end_), false);
      writer_.write_bytes(window.data, window.size);
    } else if (tokens_->n > window_end_ - (window_end_ >> 4)) {  // matches removed less than 1/16th
      writer_.write_block_huff(false, window, sync);
    } else {
      writer_.write_block_dynamic(*tokens_, false, window, sync);
    }
    tokens_->reset();
    window_end_ = 0;
  }

  std::unique_ptr<FastEncoder> encoder_;
  std::unique_ptr<Tokens> tokens_;
  HuffmanBitWriter writer_{7};
  std::vector<uint8_t> window_;
  size_t window_end_ = 0;
};

}  // namespace

std::unique_ptr<Deflater> make_deflater(int level) {
  if (level >= 7) return make_lazy_deflater(level);
  return std::make_unique<FastDeflater>(level);
}

}  // namespace kiln::codec
