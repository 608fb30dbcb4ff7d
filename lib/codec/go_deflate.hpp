// A deflate (RFC 1951) encoder whose output is byte for byte that of Go's compress/flate at
// level 5, the level Go's archive/zip uses. Algorithm and constants after Go 1.19's
// compress/flate (BSD-style licence, Copyright 2009 The Go Authors).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "util/stream_compress.hpp"

namespace kiln {

class GoDeflater {
 public:
  explicit GoDeflater(ByteSinkFn sink);
  ~GoDeflater();
  GoDeflater(const GoDeflater&) = delete;
  GoDeflater& operator=(const GoDeflater&) = delete;

  // As Go's Writer.Write. The output depends on how the input is split into writes: Go's
  // io.Copy from a file writes 32 KiB at a time, and so must callers that want its bytes.
  void write(std::span<const uint8_t> data);
  // As Go's Writer.Close: the pending blocks, then an empty final stored block.
  void close();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace kiln
