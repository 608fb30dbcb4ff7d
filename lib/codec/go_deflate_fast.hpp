// Go's compress/flate level 1 (BestSpeed): a Snappy-style single-probe matcher over blocks of
// 65535 bytes, each written as a dynamic-Huffman, Huffman-only or stored block. After Go 1.19's
// compress/flate deflatefast.go (BSD-style licence, Copyright 2016 The Go Authors).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "codec/block_writer.hpp"

namespace kiln::codec {

class GoFastDeflater {
 public:
  explicit GoFastDeflater(ByteSinkFn sink);

  // As GoDeflater::write and close.
  void write(std::span<const uint8_t> data);
  void close();

 private:
  struct Entry {
    uint32_t value = 0;   // the 4 bytes hashed
    int32_t offset = 0;   // their position + cur_
  };

  void encode_window();
  void encode(std::span<const uint8_t> src);
  int32_t extend_match(int32_t s, int32_t t, std::span<const uint8_t> src) const;
  void forget_history();
  void rebase_offsets();

  deflate::BlockWriter writer_;
  std::vector<uint8_t> window_;
  size_t window_end_ = 0;
  bool sync_ = false;
  std::vector<deflate::Token> tokens_;
  std::array<Entry, 1 << 14> table_{};
  std::vector<uint8_t> prev_;  // the previous block, for matches reaching back into it
  int32_t cur_;                // position of the current block's first byte, as table offsets count
};

}  // namespace kiln::codec
