// Deterministic test inputs (xorshift64*). The golden digests in the codec tests were made by
// Go 1.19 from the same bytes, so these generators must not change.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kiln::test {

class ByteStream {
 public:
  explicit ByteStream(uint64_t seed) : x_(seed) {}
  uint8_t next() {
    x_ ^= x_ >> 12;
    x_ ^= x_ << 25;
    x_ ^= x_ >> 27;
    return static_cast<uint8_t>((x_ * 0x2545F4914F6CDD1DULL) >> 56);
  }

 private:
  uint64_t x_;
};

inline std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  ByteStream s(seed);
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = s.next();
  return out;
}

// Words from a six-word vocabulary: compressible, with matches of every length.
inline std::vector<uint8_t> text(size_t n, uint64_t seed) {
  static constexpr std::array<std::string_view, 6> kWords = {"kiln ", "packer ", "image ", "zip ", "deflate ", "\n"};
  ByteStream s(seed);
  std::vector<uint8_t> out;
  while (out.size() < n) {
    auto word = kWords[s.next() % kWords.size()];
    out.insert(out.end(), word.begin(), word.end());
  }
  out.resize(n);
  return out;
}

// 4 KiB of random bytes and 4 KiB of text in turn.
inline std::vector<uint8_t> mixed(size_t n, uint64_t seed) {
  std::vector<uint8_t> out;
  for (uint64_t k = 0; out.size() < n; ++k) {
    auto part = k % 2 == 0 ? random_bytes(4096, seed + k) : text(4096, seed + k);
    out.insert(out.end(), part.begin(), part.end());
  }
  out.resize(n);
  return out;
}

}  // namespace kiln::test
