// Go's string, character and number literals inside template actions.
#include "template/go_template/literals.hpp"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "util/go_utf8.hpp"

namespace kiln::gotmpl {

char32_t unescape(const Source& src, std::string_view s, size_t& i, char quote, size_t pos, std::string& out) {
  auto bad = [&] { src.fail(pos, "invalid escape sequence in a quoted string"); };
  if (i + 1 >= s.size()) bad();
  char c = s[i + 1];
  i += 2;
  char32_t r = 0;
  auto hex = [&](int n) {
    if (i + n > s.size()) bad();
    unsigned v = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + i + n, v, 16);
    if (ec != std::errc() || end != s.data() + i + n) bad();
    i += n;
    return static_cast<char32_t>(v);
  };
  switch (c) {
    case 'a': r = '\a'; break;
    case 'b': r = '\b'; break;
    case 'f': r = '\f'; break;
    case 'n': r = '\n'; break;
    case 'r': r = '\r'; break;
    case 't': r = '\t'; break;
    case 'v': r = '\v'; break;
    case '\\': r = '\\'; break;
    case '"':
    case '\'':
      if (c != quote) bad();
      r = static_cast<char32_t>(c);
      break;
    case 'x':  // one raw byte
      r = hex(2);
      out += static_cast<char>(r);
      return r;
    case 'u':
    case 'U':
      r = hex(c == 'u' ? 4 : 8);
      if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) bad();
      break;
    default:
      if (c >= '0' && c <= '7') {  // three octal digits, one raw byte
        --i;
        if (i + 3 > s.size()) bad();
        unsigned v = 0;
        for (int k = 0; k < 3; ++k, ++i) {
          if (s[i] < '0' || s[i] > '7') bad();
          v = v * 8 + static_cast<unsigned>(s[i] - '0');
        }
        if (v > 255) bad();
        out += static_cast<char>(v);
        return v;
      }
      bad();
  }
  encode_utf8(out, r);
  return r;
}

namespace {

char32_t char_literal(const Source& src, const Token& t) {
  const std::string& body = t.value;
  if (body[0] != '\\') {
    size_t len = 0;
    char32_t r = decode_utf8(body, 0, len);
    if (len != body.size()) src.fail(t.pos, fmt::format("bad character constant {}", t.text));
    return r;
  }
  std::string out;
  size_t i = 0;
  char32_t r = unescape(src, body, i, '\'', t.pos, out);
  if (i != body.size()) src.fail(t.pos, fmt::format("bad character constant {}", t.text));
  return r;
}

}  // namespace

// Number and character literals, with Go's rules for when they count as integers.
Val number_literal(const Source& src, const Token& t) {
  Val v;
  v.constant = true;
  if (t.kind == Tok::Char) {
    v.kind = Val::Kind::Int;
    v.num = static_cast<long long>(t.value.empty() ? 0 : char_literal(src, t));
    return v;
  }
  std::string s;
  for (char c : t.text) {
    if (c != '_') s += c;
  }
  bool neg = !s.empty() && s[0] == '-';
  std::string_view digits = s;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) digits.remove_prefix(1);
  int base = 10;
  if (digits.size() > 1 && digits[0] == '0') {
    switch (digits[1] | 0x20) {
      case 'x': base = 16, digits.remove_prefix(2); break;
      case 'o': base = 8, digits.remove_prefix(2); break;
      case 'b': base = 2, digits.remove_prefix(2); break;
      default:
        if (digits.find_first_of(".eE") == digits.npos) base = 8, digits.remove_prefix(1);  // C-style octal
    }
  }
  unsigned long long u = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
  if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
    if (u > static_cast<unsigned long long>(INT64_MAX) + (neg ? 1 : 0)) src.fail(t.pos, fmt::format("number {} is out of range", t.text));
    v.kind = Val::Kind::Int;
    v.num = neg ? static_cast<long long>(0 - u) : static_cast<long long>(u);
    return v;
  }
  if (base != 10) src.fail(t.pos, fmt::format("bad number \"{}\"", t.text));
  double d = 0;
  auto [fend, fec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (fec != std::errc() || fend != digits.data() + digits.size()) src.fail(t.pos, fmt::format("bad number \"{}\"", t.text));
  v.kind = Val::Kind::Float;
  v.real = neg ? -d : d;
  return v;
}

}  // namespace kiln::gotmpl
