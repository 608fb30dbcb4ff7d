// ulikunitz/xz 0.5.6's default match finder, HashTable4 (BSD-3-Clause), and its greedy choice of the
// next LZMA operation: every 4-byte word entering the dictionary is hashed (a cyclic polynomial) into
// 2^20 heads, each position keeping the delta back to the previous one with the same hash; the longest
// match among distances 1-8 and the 16 latest positions of the lookahead's first word wins, the first
// found on ties.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codec/ulikunitz_window.hpp"

namespace kiln::codec {

struct LzmaOp {
  uint32_t distance = 0;  // 0: a literal
  int length = 1;
  uint8_t literal = 0;
};

class UlikunitzHashTable {
 public:
  explicit UlikunitzHashTable(size_t dict_capacity);  // a power of two

  // Bytes entering the dictionary, in stream order.
  void add(const uint8_t* data, size_t size);
  // The operation for the window's head; rep0 is the coder's last distance - 1, for which one
  // matching byte is enough (a short rep).
  LzmaOp next_op(const UlikunitzWindow& window, uint32_t rep0) const;

 private:
  static constexpr int kMaxMatches = 16;

  void put(uint64_t hash, int64_t pos);
  int matches(uint64_t hash, int64_t* positions) const;
  size_t entries() const;  // positions the delta ring holds

  std::vector<int64_t> heads_;    // latest position + 1 per hash, 0 for none
  std::vector<uint32_t> deltas_;  // per position (mod capacity): back to the previous one, 0 for none
  size_t slot_mask_;
  uint64_t mask_;
  int64_t last_pos_ = -4;  // start of the newest complete word
  uint32_t word_ = 0;      // the last four bytes added
};

}  // namespace kiln::codec
