// ulikunitz/xz 0.5.6's encoder dictionary (BSD-3-Clause): one ring buffer of dictionary capacity +
// 4096 + 1 bytes holding the dictionary (bytes already encoded) and the lookahead (bytes waiting to be).
// Its quirks shape the output and are kept: matches stop at the ring's physical end, the lookahead
// grows until the ring is full, and bytes behind the lookahead only count as dictionary while the
// ring has room for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kiln::codec {

class UlikunitzWindow {
 public:
  explicit UlikunitzWindow(size_t dict_capacity);

  int64_t head() const { return head_; }  // stream position of the first lookahead byte
  size_t buffered() const { return front_ >= rear_ ? front_ - rear_ : front_ + ring_.size() - rear_; }
  size_t dict_len() const { return head_ < static_cast<int64_t>(capacity_) ? static_cast<size_t>(head_) : capacity_; }
  // How much more lookahead fits.
  size_t writable() const { return free_space() - dict_len(); }
  void write(const uint8_t* data, size_t size);  // size ≤ writable()
  size_t peek(uint8_t* out, size_t max) const;
  void discard(uint8_t* out, size_t n);  // moves n lookahead bytes into the dictionary, copying them to out
  // The byte distance bytes before the head, 0 outside the dictionary.
  uint8_t byte_at(size_t distance) const;
  // The byte offset bytes into the match distance back (distance ≤ dict_len()).
  uint8_t back(size_t distance, size_t offset) const;
  // How far lookahead[0..n) matches the bytes distance back, stopping at the ring's physical end.
  size_t match_len(size_t distance, const uint8_t* lookahead, size_t n) const;
  // Calls emit with the last n dictionary bytes, in at most two pieces.
  template <typename Emit>
  void emit_last(size_t n, Emit&& emit) const {
    size_t start = wrap_back(n);
    if (start > rear_) {
      emit(ring_.data() + start, ring_.size() - start);
      start = 0;
    }
    emit(ring_.data() + start, rear_ - start);
  }

 private:
  size_t free_space() const { return ring_.size() - 1 - buffered(); }
  size_t wrap_back(size_t distance) const {
    return rear_ >= distance ? rear_ - distance : rear_ + ring_.size() - distance;
  }

  std::vector<uint8_t> ring_;
  size_t capacity_;
  size_t front_ = 0;  // where the next written byte goes
  size_t rear_ = 0;   // the head's place in the ring
  int64_t head_ = 0;
};

}  // namespace kiln::codec
