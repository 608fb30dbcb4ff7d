// format and formatlist: printf-like verbs as cty's format function reads them (Go's fmt verbs with
// cty's conversions and its own %v, %q and %s).
#include <cctype>
#include <string_view>

#include "hcl/convert.hpp"
#include "hcl/functions/categories.hpp"
#include "hcl/functions/decimal.hpp"
#include "hcl/functions/json.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/functions/text.hpp"

namespace kiln::hcl::functions {

namespace {

struct Verb {
  std::string raw;
  size_t offset = 0;
  size_t arg = 0;  // 1-based
  char mode = 0;
  bool zero = false, sharp = false, plus = false, minus = false, space = false;
  int width = -1;
  int precision = -1;
};

// Go's %q of a rune, as the scanner's errors show the character it stopped at.
std::string quote_char(std::string_view rest) {
  std::string_view first = rest.substr(0, 1);
  if (!rest.empty() && static_cast<unsigned char>(rest[0]) >= 0x80) {
    size_t n = 1;
    while (n < rest.size() && (static_cast<unsigned char>(rest[n]) & 0xC0) == 0x80) ++n;
    first = rest.substr(0, n);
  }
  if (first == "'") return "'\\''";
  if (first == "\\") return "'\\\\'";
  return "'" + std::string(first) + "'";
}

std::string verb_context(const Verb& v) { return json_quote(v.raw) + " at " + std::to_string(v.offset); }

std::string pad(const Verb& v, std::string s) {
  if (v.width < 0) return s;
  size_t have = grapheme_count(s);
  if (have >= size_t(v.width)) return s;
  std::string padding(size_t(v.width) - have, v.zero ? '0' : ' ');
  return v.minus ? s + padding : padding + s;
}

Value converted(const Verb& v, const Value& arg, const Type& want) {
  std::string why;
  std::optional<Value> out = convert(arg, want, why);
  if (!out) fail("unsupported value for " + verb_context(v) + ": " + why);
  return *out;
}

// [left pad][sign][prefix][zeros][digits][right pad], as math/big's Int.Format.
std::string format_integer(const Verb& v, const Number& n) {
  int base = v.mode == 'b' ? 2 : v.mode == 'o' ? 8 : (v.mode == 'x' || v.mode == 'X') ? 16 : 10;
  std::string digits = integer_digits(n, base);
  if (v.mode == 'X')
    for (char& c : digits) c = char(std::toupper(static_cast<unsigned char>(c)));
  std::string sign = n.is_negative() && !n.is_zero() ? "-" : v.plus ? "+" : v.space ? " " : "";
  std::string prefix;
  if (v.sharp) prefix = v.mode == 'b' ? "0b" : v.mode == 'o' ? "0" : v.mode == 'x' ? "0x" : v.mode == 'X' ? "0X" : "";
  size_t zeros = 0;
  if (v.precision >= 0) {
    if (digits.size() < size_t(v.precision)) zeros = size_t(v.precision) - digits.size();
    else if (digits == "0" && v.precision == 0) return "";
  }
  size_t left = 0, right = 0;
  size_t length = sign.size() + prefix.size() + zeros + digits.size();
  if (v.width >= 0 && length < size_t(v.width)) {
    size_t extra = size_t(v.width) - length;
    if (v.minus) right = extra;
    else if (v.zero && v.precision < 0) zeros = extra;
    else left = extra;
  }
  return std::string(left, ' ') + sign + prefix + std::string(zeros, '0') + digits + std::string(right, ' ');
}

// As math/big's Float.Format: 6 digits by default for e and f, shortest for g.
std::string format_float(const Verb& v, const Number& n) {
  int precision = v.precision;
  if (precision < 0 && v.mode != 'g' && v.mode != 'G') precision = 6;
  std::string body = float_text(n, v.mode, precision);
  std::string sign;
  if (body[0] == '-') {
    sign = "-", body.erase(0, 1);
  } else if (body[0] == '+') {
    sign = v.space ? " " : "+", body.erase(0, 1);
  } else if (v.plus) {
    sign = "+";
  } else if (v.space) {
    sign = " ";
  }
  size_t padding = 0;
  if (v.width >= 0 && size_t(v.width) > sign.size() + body.size()) padding = size_t(v.width) - sign.size() - body.size();
  if (v.zero && !v.minus && !n.is_infinite()) return sign + std::string(padding, '0') + body;
  if (v.minus) return sign + body + std::string(padding, ' ');
  return std::string(padding, ' ') + sign + body;
}

std::string format_one(const Verb& v, const Value& arg) {
  switch (v.mode) {
    case 'v':
      if (!v.sharp && !arg.is_null() && arg.type() == Type::string()) return pad(v, arg.as_string());
      if (!v.sharp && !arg.is_null() && arg.type() == Type::number()) return pad(v, float_text(arg.as_number(), 'g', -1));
      try {
        return pad(v, json_encode(arg));
      } catch (const std::invalid_argument& e) {
        fail("unsupported value for " + verb_context(v) + ": " + e.what());
      }
    case 't':
      return converted(v, arg, Type::boolean()).as_bool() ? "true" : "false";
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X': {
      Number n = converted(v, arg, Type::number()).as_number();
      if (!n.is_integer()) fail("unsupported value for " + verb_context(v) + ": an integer is required");
      return format_integer(v, n);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return format_float(v, converted(v, arg, Type::number()).as_number());
    case 's':
    case 'q': {
      std::string s = converted(v, arg, Type::string()).as_string();
      if (v.precision > 0) {
        std::vector<std::string_view> clusters = graphemes(s);
        if (clusters.size() > size_t(v.precision))
          s.resize(size_t(clusters[size_t(v.precision)].data() - s.data()));
      }
      return pad(v, v.mode == 's' ? s : json_quote(s));
    }
    default:
      fail("unsupported format verb " + quote_char(std::string_view(&v.mode, 1)) + " in " + json_quote(v.raw) +
           " at offset " + std::to_string(v.offset));
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
// The format string applied to args (the call's arguments after the format string itself).
std::string format_string(const std::string& spec, const Args& args) {
  std::string out;
  size_t next_arg = 1;
  size_t highest = 0;
  size_t p = 0;
  const size_t n = spec.size();
  auto unexpected = [&]() -> void {
    if (p >= n) fail("invalid format string starting at offset " + std::to_string(n));
    fail("unrecognized format character " + quote_char(std::string_view(spec).substr(p)) + " at offset " +
         std::to_string(p));
  };
  // Go's fmt refuses numbers above 10^6 in a verb; so does kiln, rather than padding to gigabytes.
  auto read_number = [&](int& into) {
    into = 0;
    while (p < n && is_digit(spec[p])) {
      into = into * 10 + (spec[p++] - '0');
      if (into > 1000000) fail("width, precision or argument index too large at offset " + std::to_string(p - 1));
    }
  };
  while (p < n) {
    if (spec[p] != '%') {
      out += spec[p++];
      continue;
    }
    if (p + 1 < n && spec[p + 1] == '%') {
      out += '%';
      p += 2;
      continue;
    }
    Verb v;
    v.offset = p++;
    v.arg = next_arg;
    for (; p < n; ++p) {
      char c = spec[p];
      if (c == '0') v.zero = true;
      else if (c == '#') v.sharp = true;
      else if (c == '-') v.minus = true;
      else if (c == '+') v.plus = true;
      else if (c == ' ') v.space = true;
      else break;
    }
    if (p < n && spec[p] >= '1' && spec[p] <= '9') read_number(v.width);
    if (p < n && spec[p] == '.') {
      ++p;
      read_number(v.precision);
    }
    if (p < n && spec[p] == '[') {
      ++p;
      if (p >= n || spec[p] < '1' || spec[p] > '9') unexpected();
      int index;
      read_number(index);
      v.arg = size_t(index);
      if (p >= n || spec[p] != ']') unexpected();
      ++p;
    }
    if (p >= n || !is_ascii_letter(spec[p])) unexpected();
    v.mode = spec[p++];
    v.raw = spec.substr(v.offset, p - v.offset);
    highest = std::max(highest, v.arg);
    if (v.arg > args.size())
      fail("not enough arguments for " + verb_context(v) + ": need index " + std::to_string(v.arg) + " but have " +
           std::to_string(args.size()) + " total");
    const Value& arg = args[v.arg - 1];
    if (v.mode != 'v' && arg.is_null()) fail("unsupported value for " + verb_context(v) + ": null value cannot be formatted");
    // Go's verbs print with the index segment left out; Verb::raw keeps it for messages only.
    out += format_one(v, arg);
    next_arg = v.arg + 1;
  }
  if (highest < args.size()) {
    if (highest == 0) fail_arg(highest + 1, "too many arguments; no verbs in format string");
    fail_arg(highest + 1, "too many arguments; only " + std::to_string(highest) + " used by format string");
  }
  return out;
}

Value formatlist(const Args& call) {
  const std::string& spec = call[0].as_string();
  Args args(call.begin() + 1, call.end());
  if (args.empty()) return Value::list({text(format_string(spec, args))}, Type::string());
  long length = -1;
  size_t chooser = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const Value& a = args[i];
    if (!a.type().is_list_like() || a.is_null()) continue;
    long here = long(a.length());
    if (length == -1) {
      length = here, chooser = i;
    } else if (here != length) {
      fail_arg(i + 1, "argument " + std::to_string(i + 1) + " has length " + std::to_string(here) +
                          ", which is inconsistent with argument " + std::to_string(chooser + 1) + " of length " +
                          std::to_string(length));
    }
  }
  if (length == 0) return Value::list({}, Type::string());
  if (length == -1) length = 1;
  std::vector<Value> results;
  for (long row = 0; row < length; ++row) {
    Args row_args;
    for (const Value& a : args)
      row_args.push_back(a.type().is_list_like() && !a.is_null() ? a.elements()[size_t(row)] : a);
    bool known = true;
    for (const Value& a : row_args) known = known && a.is_wholly_known();
    if (!known) {
      results.push_back(Value::unknown(Type::string()));
      continue;
    }
    try {
      results.push_back(text(format_string(spec, row_args)));
    } catch (const FunctionError& e) {
      fail("error on format iteration " + std::to_string(row) + ": " + e.message);
    }
  }
  return Value::list(std::move(results), Type::string());
}

Param format_args() {
  Param p = nullable("args", Type::dynamic());
  p.allow_unknown = true;
  return p;
}

bool wholly_known(const Args& args) {
  for (const Value& a : args)
    if (!a.is_wholly_known()) return false;
  return true;
}

}  // namespace

void add_format_functions(FunctionTable& table) {
  table["format"] = variadic({param("format", Type::string())}, format_args(), Type::string(), [](const Args& a) {
    if (!wholly_known(a)) return Value::unknown(Type::string());
    return text(format_string(a[0].as_string(), Args(a.begin() + 1, a.end())));
  });
  table["formatlist"] = variadic({param("format", Type::string())}, format_args(), Type::list(Type::string()),
                                 [](const Args& a) {
                                   for (const Value& v : a)
                                     if (!v.is_known()) return Value::unknown(Type::list(Type::string()));
                                   return formatlist(a);
                                 });
}

}  // namespace kiln::hcl::functions
