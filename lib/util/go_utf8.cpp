#include "util/go_utf8.hpp"

namespace kiln {

char32_t decode_utf8(std::string_view s, size_t i, size_t& len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xc0) == 0x80; };
  unsigned char c = b(0);
  len = 1;
  if (c < 0x80) return c;
  if (c >= 0xc2 && c < 0xe0 && cont(1)) {
    len = 2;
    return ((c & 0x1f) << 6) | (b(1) & 0x3f);
  }
  if (c >= 0xe0 && c < 0xf0 && cont(1) && cont(2)) {
    char32_t r = ((c & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f);
    if (r >= 0x800 && (r < 0xd800 || r > 0xdfff)) {
      len = 3;
      return r;
    }
  }
  if (c >= 0xf0 && c < 0xf5 && cont(1) && cont(2) && cont(3)) {
    char32_t r = ((c & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f);
    if (r >= 0x10000 && r <= 0x10ffff) {
      len = 4;
      return r;
    }
  }
  return 0xfffd;
}

void encode_utf8(std::string& out, char32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xc0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3f));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xe0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (r & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (r & 0x3f));
  }
}

}  // namespace kiln
