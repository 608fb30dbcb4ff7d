// Little-endian loads and appends (the byte order of every format kiln writes) and the common-prefix
// length that every match finder measures, shared by the encoders in lib/codec.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace kiln::codec {

inline uint32_t load_le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

inline uint64_t load_le64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// Appends the low `bytes` bytes of v, least significant first, to a std::string or byte vector.
template <class Bytes>
void append_le(Bytes& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<typename Bytes::value_type>(v >> (8 * i)));
}

// How many of the first n bytes of a and b are equal.
inline int common_prefix(const uint8_t* a, const uint8_t* b, int n) {
  int i = 0;
  for (; n - i >= 8; i += 8)
    if (uint64_t diff = load_le64(a + i) ^ load_le64(b + i)) return i + std::countr_zero(diff) / 8;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace kiln::codec
