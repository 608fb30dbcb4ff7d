// json.Decoder.Decode into map[string]interface{}, with the messages of Go's scanner.
#include <charconv>

#include <fmt/format.h>

#include "template/fix/go_json.hpp"
#include "hcl/utf8.hpp"
#include "util/go_quote.hpp"

namespace kiln::fix {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Go's quoteChar: the byte as a Latin-1 rune in single quotes, escaped as strconv.Quote would.
std::string quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  if (c < 0x80) {
    std::string quoted = go_quote(std::string(1, static_cast<char>(c)));
    return "'" + quoted.substr(1, quoted.size() - 2) + "'";
  }
  if (c <= 0xA0 || c == 0xAD) return fmt::format("'\\u{:04x}'", c);
  std::string out = "'";
  hcl::append_utf8(out, c);
  return out + "'";
}

class Decoder {
 public:
  explicit Decoder(std::string_view text) : s_(text) {}

  Value top() {
    skip_space();
    if (at_end()) throw Error("EOF", ErrorCode::Template);
    Value v = value(0);
    if (!v.is_object() && !v.is_null()) {
      const char* kind = v.is_array() ? "array" : v.is_string() ? "string" : v.is_number() ? "number" : "bool";
      throw Error(fmt::format("json: cannot unmarshal {} into Go value of type map[string]interface {{}}", kind),
                  ErrorCode::Template);
    }
    if (!number_error_.empty()) throw Error(number_error_, ErrorCode::Template);
    return v;
  }

 private:
  bool at_end() const { return i_ >= s_.size(); }
  unsigned char peek() const { return static_cast<unsigned char>(s_[i_]); }
  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++i_;
  }
  // The next byte, or "unexpected EOF" when the value is cut short.
  unsigned char need() {
    if (at_end()) throw Error("unexpected EOF", ErrorCode::Template);
    return peek();
  }
  [[noreturn]] void invalid(const std::string& context) {
    throw Error(fmt::format("invalid character {} {}", quote_char(peek()), context), ErrorCode::Template);
  }

  Value value(size_t depth) {
    unsigned char c = need();
    switch (c) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return Value::string(string());
      case 't': literal("true"); return Value::boolean(true);
      case 'f': literal("false"); return Value::boolean(false);
      case 'n': literal("null"); return Value::null();
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        invalid("looking for beginning of value");
    }
  }

  void literal(std::string_view word) {
    ++i_;
    for (size_t k = 1; k < word.size(); ++k, ++i_)
      if (need() != word[k]) invalid(fmt::format("in literal {} (expecting '{}')", word, word[k]));
  }

  void check_depth(size_t depth) {
    if (depth > kMaxJsonNesting) throw Error("exceeded max depth", ErrorCode::Template);
  }

  Value object(size_t depth) {
    check_depth(depth);
    ++i_;
    Value out = Value::object();
    skip_space();
    if (need() == '}') {
      ++i_;
      return out;
    }
    for (;;) {
      if (need() != '"') invalid("looking for beginning of object key string");
      std::string key = string();
      skip_space();
      if (need() != ':') invalid("after object key");
      ++i_;
      skip_space();
      out.set(std::move(key), value(depth));
      skip_space();
      if (need() == '}') {
        ++i_;
        return out;
      }
      if (peek() != ',') invalid("after object key:value pair");
      ++i_;
      skip_space();
    }
  }

  Value array(size_t depth) {
    check_depth(depth);
    ++i_;
    Value out = Value::array();
    skip_space();
    if (need() == ']') {
      ++i_;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      skip_space();
      if (need() == ']') {
        ++i_;
        return out;
      }
      if (peek() != ',') invalid("after array element");
      ++i_;
      skip_space();
    }
  }

  uint32_t hex4() {
    uint32_t r = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      unsigned char c = need();
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) invalid("in \\u hexadecimal character escape");
      r = r * 16 + static_cast<uint32_t>(digit);
    }
    return r;
  }

  // A following \uXXXX low surrogate, consumed only when it pairs with `high`.
  bool low_surrogate(uint32_t high, std::string& out) {
    if (i_ + 6 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
    size_t saved = i_;
    i_ += 2;
    uint32_t low = hex4();
    if (low < 0xDC00 || low > 0xDFFF) {
      i_ = saved;
      return false;
    }
    hcl::append_utf8(out, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
    return true;
  }

  std::string string() {
    ++i_;
    std::string out;
    for (;;) {
      unsigned char c = need();
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c < 0x20) invalid("in string literal");
      if (c == '\\') {
        ++i_;
        unsigned char e = need();
        ++i_;
        switch (e) {
          case '"': case '\\': case '/': out += static_cast<char>(e); break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            uint32_t r = hex4();
            if (r >= 0xD800 && r < 0xE000) {
              if (r < 0xDC00 && low_surrogate(r, out)) break;
              out += kReplacement;
            } else {
              hcl::append_utf8(out, r);
            }
            break;
          }
          default: --i_; invalid("in string escape code");
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++i_;
      } else if (size_t n = hcl::decode_utf8(s_.substr(i_)).length) {
        out.append(s_.substr(i_, n));
        i_ += n;
      } else {
        out += kReplacement;
        ++i_;
      }
    }
  }

  void digits() {
    while (!at_end() && peek() >= '0' && peek() <= '9') ++i_;
  }

  Value number() {
    size_t start = i_;
    if (peek() == '-') {
      ++i_;
      if (need() < '0' || peek() > '9') invalid("in numeric literal");
    }
    if (peek() == '0') ++i_;
    else digits();
    if (!at_end() && peek() == '.') {
      ++i_;
      if (need() < '0' || peek() > '9') invalid("after decimal point in numeric literal");
      digits();
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++i_;
      if (need() == '+' || peek() == '-') ++i_;
      if (need() < '0' || peek() > '9') invalid("in exponent of numeric literal");
      digits();
    }
    // A number is only known to be complete at the byte after it; at the end of the input the
    // decoder still accepts it (only a top-level number can end there).
    std::string_view text = s_.substr(start, i_ - start);
    return Value::number(to_float64(text));
  }

  // strconv.ParseFloat: out of range is an error only on overflow; underflow rounds to zero.
  double to_float64(std::string_view text) {
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc::result_out_of_range) return d;
    if (overflows(text)) {
      if (number_error_.empty())
        number_error_ = fmt::format("json: cannot unmarshal number {} into Go value of type float64", text);
      return 0;
    }
    return text.front() == '-' ? -0.0 : 0.0;
  }

  // Whether a syntactically valid number out of double's range is too large (not too small): its
  // decimal magnitude, from the first significant digit and the exponent, is positive.
  static bool overflows(std::string_view text) {
    long magnitude = 0;
    size_t k = text.front() == '-' ? 1 : 0;
    bool significant = false, after_point = false;
    for (; k < text.size() && text[k] != 'e' && text[k] != 'E'; ++k) {
      if (text[k] == '.') {
        after_point = true;
      } else if (text[k] != '0' || significant) {
        if (!significant && after_point) break;
        significant = true;
        if (!after_point) ++magnitude;
      } else if (after_point) {
        --magnitude;
      }
    }
    while (k < text.size() && text[k] != 'e' && text[k] != 'E') ++k;
    long exponent = 0;
    if (k < text.size()) {
      std::string_view e = text.substr(k + 1);
      bool negative = e.front() == '-';
      if (e.front() == '+' || e.front() == '-') e.remove_prefix(1);
      for (char c : e) exponent = std::min(exponent * 10 + (c - '0'), 1L << 40);
      if (negative) exponent = -exponent;
    }
    return magnitude + exponent > 0;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string number_error_;  // the first number too large for float64, reported after the value
};

}  // namespace

Value decode_go_json(std::string_view text) { return Decoder(text).top(); }

}  // namespace kiln::fix
