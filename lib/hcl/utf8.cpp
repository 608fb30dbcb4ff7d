#include "hcl/utf8.hpp"

#include "util/go_utf8.hpp"

namespace kiln::hcl {

CodePoint decode_utf8(std::string_view text) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  size_t length;
  char32_t value;
  char32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return {};
  }
  if (text.size() < length) return {};
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {};
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

void append_utf8(std::string& out, char32_t cp) { encode_utf8(out, cp); }

bool extends_previous_character(char32_t cp) {
  auto in = [cp](char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; };
  return in(0x0300, 0x036F) || in(0x1AB0, 0x1AFF) || in(0x1DC0, 0x1DFF) || in(0x20D0, 0x20FF) ||
         in(0xFE20, 0xFE2F) || in(0xFE00, 0xFE0F) || in(0xE0100, 0xE01EF) || in(0x1F3FB, 0x1F3FF) || cp == 0x200D;
}

bool is_identifier_code_point(char32_t cp) {
  auto in = [cp](char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; };
  if (cp < 0x80) return false;
  return !(in(0x80, 0xBF) || cp == 0xD7 || cp == 0xF7 || in(0x2000, 0x2BFF) || in(0x3000, 0x303F) ||
           in(0xFE00, 0xFE0F) || cp == 0xFEFF || in(0xFFF0, 0xFFFF) || in(0x1F000, 0x1FAFF));
}

}  // namespace kiln::hcl
