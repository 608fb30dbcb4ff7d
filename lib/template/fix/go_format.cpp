// Go's float formatting (strconv, fmt) over shortest round-trip digits.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <numeric>

#include <fmt/format.h>

#include "template/fix/go_json.hpp"

namespace kiln::fix {
namespace {

struct Shortest {
  bool negative = false;
  std::string digits;  // significant digits, no point
  int exponent = 0;    // of the first digit: value = 0.d1d2… × 10^(exponent + 1)
};

Shortest shortest(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view text(buf, static_cast<size_t>(end - buf));
  Shortest s;
  if (text.front() == '-') {
    s.negative = true;
    text.remove_prefix(1);
  }
  size_t e = text.find('e');
  for (char c : text.substr(0, e))
    if (c != '.') s.digits += c;
  s.exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  return s;
}

std::string fixed_from(const Shortest& s) {
  std::string out = s.negative ? "-" : "";
  int n = static_cast<int>(s.digits.size());
  if (s.exponent >= n - 1) return out + s.digits + std::string(static_cast<size_t>(s.exponent - (n - 1)), '0');
  if (s.exponent >= 0) {
    auto point = static_cast<size_t>(s.exponent + 1);
    return out + s.digits.substr(0, point) + "." + s.digits.substr(point);
  }
  return out + "0." + std::string(static_cast<size_t>(-s.exponent - 1), '0') + s.digits;
}

}  // namespace

std::string go_format_fixed(double d) { return fixed_from(shortest(d)); }

std::string go_format_v(double d) {
  Shortest s = shortest(d);
  if (s.exponent >= -4 && s.exponent < 6) return fixed_from(s);
  std::string mantissa = s.digits.substr(0, 1) + (s.digits.size() > 1 ? "." + s.digits.substr(1) : "");
  return fmt::format("{}{}e{}{:02d}", s.negative ? "-" : "", mantissa, s.exponent < 0 ? '-' : '+', std::abs(s.exponent));
}

std::string go_value_text(const Value& v) {
  switch (v.type()) {
    case Value::Type::Null: return "<nil>";
    case Value::Type::Bool: return v.as_bool() ? "true" : "false";
    case Value::Type::Number: return go_format_v(v.as_number());
    case Value::Type::String: return v.as_string();
    case Value::Type::Array: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i) out += (i ? " " : "") + go_value_text(v.items()[i]);
      return out + "]";
    }
    case Value::Type::Object: {
      std::vector<size_t> order(v.size());
      std::iota(order.begin(), order.end(), size_t{0});
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v.keys()[a] < v.keys()[b]; });
      std::string out = "map[";
      for (size_t k = 0; k < order.size(); ++k)
        out += (k ? " " : "") + v.keys()[order[k]] + ":" + go_value_text(v.member(order[k]));
      return out + "]";
    }
  }
  return "";
}

const char* go_type(const Value& v) {
  switch (v.type()) {
    case Value::Type::String: return "string";
    case Value::Type::Number: return "float64";
    case Value::Type::Bool: return "bool";
    case Value::Type::Array: return "[]interface {}";
    case Value::Type::Object: return "map[string]interface {}";
    case Value::Type::Null: return "<nil>";
  }
  return "<nil>";
}

std::string unconvertible(const std::string& name, const char* type, const Value& v) {
  return fmt::format("'{}' expected type '{}', got unconvertible type '{}', value: '{}'", name, type, go_type(v), go_value_text(v));
}

}  // namespace kiln::fix
