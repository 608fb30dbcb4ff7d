#include "codec/ulikunitz_lzma2_writer.hpp"

#include <algorithm>

namespace kiln::codec {
namespace {

constexpr size_t kMaxChunkUncompressed = 1 << 21;
constexpr size_t kMaxChunkCompressed = 1 << 16;
constexpr int64_t kOpMargin = 16;  // ulikunitz stops a chunk when fewer bytes than this are left
constexpr size_t kStoredHeaderLen = 3;

}  // namespace

UlikunitzLzma2Writer::UlikunitzLzma2Writer(ByteSinkFn sink)
    : sink_(std::move(sink)),
      window_(kDictCapacity),
      matcher_(kDictCapacity),
      range_encoder_(compressed_, kMaxChunkCompressed) {
  compressed_.reserve(kMaxChunkCompressed);
}

void UlikunitzLzma2Writer::write(const uint8_t* data, size_t size) {
  while (size > 0) {
    size_t room = kMaxChunkUncompressed - pending();
    size_t piece = std::min(size, room);
    size_t taken = 0;
    bool chunk_full = !take(data, piece, taken);
    data += taken;
    size -= taken;
    if (chunk_full || taken == room) flush_chunk();
  }
}

void UlikunitzLzma2Writer::finish() {
  while (pending() > 0) flush_chunk();
  const uint8_t end = 0;
  emit(&end, 1);
}

bool UlikunitzLzma2Writer::take(const uint8_t* data, size_t size, size_t& taken) {
  while (true) {
    size_t n = std::min(size - taken, window_.writable());
    window_.write(data + taken, n);
    taken += n;
    if (taken == size) return true;
    if (!encode(kLzmaMaxMatchLen - 1)) return false;
  }
}

bool UlikunitzLzma2Writer::encode(size_t keep) {
  uint8_t bytes[kLzmaMaxMatchLen];
  while (window_.buffered() > keep) {
    LzmaOp op = matcher_.next_op(window_, model_.rep0());
    if (range_encoder_.available() < kOpMargin) return false;
    if (op.distance == 0) {
      model_.encode_literal(range_encoder_, op.literal, window_.head(), window_.byte_at(1),
                            window_.byte_at(size_t{model_.rep0()} + 1));
    } else {
      model_.encode_match(range_encoder_, op.distance, op.length, window_.head());
    }
    window_.discard(bytes, static_cast<size_t>(op.length));
    matcher_.add(bytes, static_cast<size_t>(op.length));
  }
  return true;
}

void UlikunitzLzma2Writer::flush_chunk() {
  if (pending() == 0) return;
  encode(0);
  range_encoder_.close();
  auto size = static_cast<size_t>(window_.head() - chunk_start_);
  if (kStoredHeaderLen + size < (chunk_ == Chunk::Continued ? 5 : 6) + compressed_.size()) {
    put_stored_chunk(size);
  } else {
    put_compressed_chunk(size);
  }
  compressed_.clear();
  range_encoder_.restart();
  chunk_start_ = window_.head();
  chunk_start_model_ = model_;
}

void UlikunitzLzma2Writer::put_stored_chunk(size_t size) {
  // The decoder sees the bytes as they are, so the coder forgets what it learnt from them.
  model_ = chunk_start_model_;
  const uint8_t header[3] = {static_cast<uint8_t>(chunk_ == Chunk::Fresh ? 1 : 2),  // 1: and reset the dictionary
                             static_cast<uint8_t>((size - 1) >> 8), static_cast<uint8_t>(size - 1)};
  emit(header, sizeof header);
  window_.emit_last(size, [this](const uint8_t* data, size_t n) { emit(data, n); });
  if (chunk_ == Chunk::Fresh) chunk_ = Chunk::AfterFirstStored;
}

void UlikunitzLzma2Writer::put_compressed_chunk(size_t size) {
  // Control byte: 0x80 | resets (0x60 dictionary, state and properties; 0x40 state and properties) | size bits 16-20.
  uint8_t resets = chunk_ == Chunk::Fresh ? 0x60 : chunk_ == Chunk::AfterFirstStored ? 0x40 : 0x00;
  size_t c = compressed_.size();
  uint8_t header[6] = {static_cast<uint8_t>(0x80 | resets | (((size - 1) >> 16) & 0x1f)),
                       static_cast<uint8_t>((size - 1) >> 8),
                       static_cast<uint8_t>(size - 1),
                       static_cast<uint8_t>((c - 1) >> 8),
                       static_cast<uint8_t>(c - 1),
                       kLzmaPropertiesByte};
  emit(header, resets != 0 ? 6 : 5);
  emit(compressed_.data(), c);
  chunk_ = Chunk::Continued;
}

}  // namespace kiln::codec
