#include "codec/ulikunitz_window.hpp"

#include <algorithm>
#include <cstring>

namespace kiln::codec {
namespace {

constexpr size_t kLookaheadSize = 4096;  // ulikunitz's default BufSize

size_t prefix_len(const uint8_t* a, const uint8_t* b, size_t n) {
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

UlikunitzWindow::UlikunitzWindow(size_t dict_capacity)
    : ring_(dict_capacity + kLookaheadSize + 1), capacity_(dict_capacity) {}

void UlikunitzWindow::write(const uint8_t* data, size_t size) {
  size_t first = std::min(size, ring_.size() - front_);
  std::memcpy(ring_.data() + front_, data, first);
  std::memcpy(ring_.data(), data + first, size - first);
  front_ = (front_ + size) % ring_.size();
}

size_t UlikunitzWindow::peek(uint8_t* out, size_t max) const {
  size_t n = std::min(max, buffered());
  size_t first = std::min(n, ring_.size() - rear_);
  std::memcpy(out, ring_.data() + rear_, first);
  std::memcpy(out + first, ring_.data(), n - first);
  return n;
}

void UlikunitzWindow::discard(uint8_t* out, size_t n) {
  peek(out, n);
  rear_ = (rear_ + n) % ring_.size();
  head_ += static_cast<int64_t>(n);
}

uint8_t UlikunitzWindow::byte_at(size_t distance) const {
  size_t len = head_ < static_cast<int64_t>(free_space()) ? static_cast<size_t>(head_) : free_space();
  if (distance == 0 || distance > len) return 0;
  return ring_[wrap_back(distance)];
}

uint8_t UlikunitzWindow::back(size_t distance, size_t offset) const {
  size_t i = wrap_back(distance) + offset;
  return ring_[i >= ring_.size() ? i - ring_.size() : i];
}

size_t UlikunitzWindow::match_len(size_t distance, const uint8_t* lookahead, size_t n) const {
  size_t len = 0;
  size_t i = rear_;
  if (rear_ < distance) {
    size_t start = rear_ + ring_.size() - distance;
    size_t tail = distance - rear_;  // bytes up to the ring's end
    len = prefix_len(lookahead, ring_.data() + start, std::min(n, tail));
    if (len < tail) return len;
    i = 0;
  } else {
    i = rear_ - distance;
  }
  return len + prefix_len(lookahead + len, ring_.data() + i, std::min(n - len, ring_.size() - i));
}

}  // namespace kiln::codec
