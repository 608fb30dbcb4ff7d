#include "runner/console_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "util/go_quote.hpp"

namespace kiln {
namespace {

// Every line of `text` indented by two spaces.
std::string indent(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) out += (out.empty() ? "  " : "\n  ") + line;
  return out;
}

std::string format(const Value& v, bool nested) {
  if (v.is_null()) return "null";
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_integer()) return std::to_string(v.as_int());
  if (v.is_number()) return go_format_g(v.as_number());
  if (v.is_string()) return nested ? go_quote(v.as_string()) : v.as_string();
  if (v.is_array()) {
    std::string out = v.items().empty() ? "[" : "[\n";
    for (const auto& item : v.items()) out += indent(format(item, true)) + ",\n";
    return out + "]";
  }
  std::vector<size_t> order(v.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v.keys()[a] < v.keys()[b]; });
  std::string out = order.empty() ? "{" : "{\n";
  for (size_t i : order) out += indent(go_quote(v.keys()[i]) + " = " + format(v.member(i), true)) + "\n";
  return out + "}";
}

}  // namespace

std::string go_format_g(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string text(buf, sci.ptr);
  auto e = text.find('e');
  int exponent = std::stoi(text.substr(e + 1));
  // With the shortest digits Go switches to %e form below 1e-4 and from 1e6 (precision 6).
  if (exponent < -4 || exponent >= 6)
    return fmt::format("{}e{}{:02d}", text.substr(0, e), exponent < 0 ? '-' : '+', std::abs(exponent));
  auto fixed = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

std::string console_value_text(const Value& value) { return format(value, false); }

}  // namespace kiln
