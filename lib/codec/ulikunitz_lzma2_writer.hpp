// An LZMA2 stream as ulikunitz/xz 0.5.6's Writer2 writes it (BSD-3-Clause) with its defaults: 8 MiB
// dictionary, lc=3 lp=0 pb=2, HashTable4. Input gathers in the lookahead until the ring is full or a
// chunk reaches 2 MiB; a chunk ends there or when its compressed data nears 64 KiB, and is stored
// instead when that is smaller, the coder going back to the state the chunk started with. Where the
// chunks end depends only on the bytes, not on how they are handed over.
#pragma once

#include <cstdint>
#include <vector>

#include "codec/lzma_model.hpp"
#include "codec/lzma_range_encoder.hpp"
#include "codec/ulikunitz_hash_table.hpp"
#include "codec/ulikunitz_window.hpp"
#include "util/stream_compress.hpp"

namespace kiln::codec {

class UlikunitzLzma2Writer {
 public:
  static constexpr size_t kDictCapacity = 8 << 20;

  explicit UlikunitzLzma2Writer(ByteSinkFn sink);

  void write(const uint8_t* data, size_t size);
  // Flushes every chunk and writes the end marker; call once.
  void finish();

 private:
  enum class Chunk { Fresh, AfterFirstStored, Continued };  // what the next compressed chunk must reset

  size_t pending() const { return static_cast<size_t>(window_.head() - chunk_start_) + window_.buffered(); }
  // Takes up to size bytes into the lookahead, encoding when the ring fills; false when the chunk is full.
  bool take(const uint8_t* data, size_t size, size_t& taken);
  // Encodes operations while more than keep bytes are buffered; false when the chunk is full.
  bool encode(size_t keep);
  void flush_chunk();
  void put_stored_chunk(size_t size);
  void put_compressed_chunk(size_t size);
  void emit(const uint8_t* data, size_t size) { sink_(reinterpret_cast<const char*>(data), size); }

  ByteSinkFn sink_;
  UlikunitzWindow window_;
  UlikunitzHashTable matcher_;
  LzmaModel model_;
  LzmaModel chunk_start_model_;
  std::vector<uint8_t> compressed_;
  LzmaRangeEncoder range_encoder_;
  int64_t chunk_start_ = 0;
  Chunk chunk_ = Chunk::Fresh;
};

}  // namespace kiln::codec
