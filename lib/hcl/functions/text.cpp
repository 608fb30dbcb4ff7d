#include "hcl/functions/text.hpp"

#include "hcl/utf8.hpp"

namespace kiln::hcl::functions {

namespace {

struct Decoded {
  char32_t cp;
  size_t length;
  bool valid;
};

Decoded next(std::string_view text) {
  CodePoint cp = decode_utf8(text);
  if (cp.length == 0) return {0xFFFD, 1, false};
  return {cp.value, cp.length, true};
}

char32_t upper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c == 0xB5) return 0x39C;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (c == 0x130 || c == 0x138 || c == 0x149) return c;
    if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) return c - 1;
    return c;
  }
  if (c == 0x1A1 || c == 0x1B0) return c - 1;  // ơ, ư
  if (c >= 0x1CD && c <= 0x1DC) return c % 2 == 0 ? c - 1 : c;  // ǎ … ǜ
  if ((c >= 0x1DE && c <= 0x1EF) || (c >= 0x1F8 && c <= 0x21F)) return c % 2 == 1 ? c - 1 : c;
  if (c == 0x3AC) return 0x386;  // Greek with tonos and dialytika
  if (c >= 0x3AD && c <= 0x3AF) return c - 37;
  if (c == 0x3CC) return 0x38C;
  if (c == 0x3CD || c == 0x3CE) return c - 63;
  if (c == 0x3CA || c == 0x3CB) return c - 32;
  if (c >= 0x3D8 && c <= 0x3EF) return c % 2 == 1 ? c - 1 : c;
  if (c == 0x1C5 || c == 0x1C6) return 0x1C4;  // the Latin digraphs: title case, lower case
  if (c == 0x1C8 || c == 0x1C9) return 0x1C7;
  if (c == 0x1CB || c == 0x1CC) return 0x1CA;
  if (c >= 0x1E00 && c <= 0x1E95) return c % 2 == 1 ? c - 1 : c;
  if (c >= 0x1EA0 && c <= 0x1EFF) return c % 2 == 1 ? c - 1 : c;
  if (c >= 0x561 && c <= 0x586) return c - 48;  // Armenian
  if (c >= 0x3B1 && c <= 0x3C9) return c == 0x3C2 ? 0x3A3 : c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130) return 'i';
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
    return c;
  }
  if (c == 0x1A0 || c == 0x1AF) return c + 1;
  if (c >= 0x1CD && c <= 0x1DC) return c % 2 == 1 ? c + 1 : c;
  if ((c >= 0x1DE && c <= 0x1EF) || (c >= 0x1F8 && c <= 0x21F)) return c % 2 == 0 ? c + 1 : c;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c == 0x3AA || c == 0x3AB) return c + 32;
  if (c >= 0x3D8 && c <= 0x3EF) return c % 2 == 0 ? c + 1 : c;
  if (c == 0x1C4 || c == 0x1C5) return 0x1C6;
  if (c == 0x1C7 || c == 0x1C8) return 0x1C9;
  if (c == 0x1CA || c == 0x1CB) return 0x1CC;
  if (c >= 0x1E00 && c <= 0x1E95) return c % 2 == 0 ? c + 1 : c;
  if (c >= 0x1EA0 && c <= 0x1EFF) return c % 2 == 0 ? c + 1 : c;
  if (c >= 0x531 && c <= 0x556) return c + 48;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool is_space(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Go's strings.Title separator rule; non-ASCII letters and digits are word characters, and so is
// anything else outside ASCII that is not a space.
bool is_separator(char32_t c) {
  if (c < 0x80) {
    bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return !word;
  }
  return is_space(c);
}

template <typename Map>
std::string map_code_points(std::string_view text, Map map) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    Decoded d = next(text);
    if (d.valid) append_utf8(out, map(d.cp));
    else out += text[0];
    text.remove_prefix(d.length);
  }
  return out;
}

}  // namespace

std::vector<std::string_view> graphemes(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    Decoded d = next(text.substr(i));
    if (i > start && !(d.valid && extends_previous_character(d.cp))) {
      out.push_back(text.substr(start, i - start));
      start = i;
    }
    i += d.length;
  }
  if (i > start) out.push_back(text.substr(start, i - start));
  return out;
}

bool valid_utf8(std::string_view text) {
  while (!text.empty()) {
    CodePoint cp = decode_utf8(text);
    if (cp.length == 0) return false;
    text.remove_prefix(cp.length);
  }
  return true;
}

std::string to_upper(std::string_view text) { return map_code_points(text, upper); }

std::string to_lower(std::string_view text) { return map_code_points(text, lower); }

std::string title_case(std::string_view text) {
  char32_t previous = ' ';
  return map_code_points(text, [&previous](char32_t c) {
    char32_t out = is_separator(previous) ? upper(c) : c;
    previous = c;
    return out;
  });
}

std::string_view trim_space(std::string_view text) {
  while (!text.empty()) {
    Decoded d = next(text);
    if (!d.valid || !is_space(d.cp)) break;
    text.remove_prefix(d.length);
  }
  while (!text.empty()) {
    size_t start = text.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80 && text.size() - start < 4) --start;
    Decoded d = next(text.substr(start));
    if (!d.valid || start + d.length != text.size() || !is_space(d.cp)) break;
    text.remove_suffix(d.length);
  }
  return text;
}

}  // namespace kiln::hcl::functions
