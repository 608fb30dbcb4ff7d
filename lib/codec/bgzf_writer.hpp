// BGZF (the SAM specification's blocked gzip) exactly as Packer 1.6.6 writes it with biogo/hts
// 1.4.4's bgzf.Writer (BSD-3-Clause, Copyright 2012 The bíogo Authors) over Go 1.19's
// compress/gzip: every block of input is a gzip member of its own with a "BC" extra field
// giving the member's size, deflated by codec/go_deflate.hpp; an empty marker member ends the
// file. Blocks are compressed on all cores and written in order.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "util/stream_compress.hpp"

namespace kiln::codec {

template <class State>
class BlockWorkers;

class BgzfWriter {
 public:
  static constexpr size_t kBlockSize = 0xff00;  // biogo's largest uncompressed block

  // level 1-9 or -1 (Go's default, deflate level 6); threads 0 = all cores.
  BgzfWriter(ByteSinkFn sink, int level, unsigned threads = 0);
  ~BgzfWriter();
  BgzfWriter(const BgzfWriter&) = delete;
  BgzfWriter& operator=(const BgzfWriter&) = delete;

  // As one call of biogo's Writer.Write, whose blocks follow the calls: a write that does not
  // fit in what is left of the current block starts a new one, unless the block is empty, and
  // a full block goes out at once. (Go's io.Copy from a file writes 32 KiB at a time.)
  void write(std::span<const uint8_t> data);
  // As Writer.Close: the current block, even empty, then the end-of-file marker.
  void close();

 private:
  void submit();

  ByteSinkFn sink_;  // the end-of-file marker; the members reach the same sink through workers_
  std::unique_ptr<BlockWorkers<int>> workers_;  // each thread's state is the deflate level
  std::vector<uint8_t> block_;
};

// One BGZF member holding `block` (at most kBlockSize bytes), as biogo writes it.
std::string bgzf_member(std::span<const uint8_t> block, int level);

// The writer behind the StreamCompressor interface: each write reaches BgzfWriter::write as it comes.
std::unique_ptr<StreamCompressor> make_bgzf_writer(ByteSinkFn sink, int level, unsigned threads = 0);

}  // namespace kiln::codec
