// A deflate (RFC 1951) encoder whose output is byte for byte that of Go's compress/flate at
// levels 1-9 (level 5 is Go's archive/zip's). Algorithm and constants after Go 1.19's
// compress/flate (BSD-style licence, Copyright 2009 The Go Authors).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "codec/go_deflate_fast.hpp"
#include "util/stream_compress.hpp"

namespace kiln::codec {

class GoDeflater {
 public:
  // level 1-9, or -1 for Go's default (6); 5 is archive/zip's.
  explicit GoDeflater(ByteSinkFn sink, int level = 5);
  ~GoDeflater();
  GoDeflater(const GoDeflater&) = delete;
  GoDeflater& operator=(const GoDeflater&) = delete;

  // As Go's Writer.Write. The output depends on how the input is split into writes: Go's
  // io.Copy from a file writes 32 KiB at a time, and so must callers that want its bytes.
  void write(std::span<const uint8_t> data);
  // As Go's Writer.Close: the pending blocks, then an empty final stored block.
  void close();

 private:
  struct State;  // levels 2-9
  std::unique_ptr<State> s_;
  std::unique_ptr<GoFastDeflater> fast_;  // level 1
};

}  // namespace kiln::codec
