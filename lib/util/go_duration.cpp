#include "util/go_duration.hpp"

#include <cstdint>
#include <limits>
#include <vector>

#include <fmt/format.h>

namespace kiln {
namespace {

// "<whole>.<fraction>" of v in units of 10^digits, trailing zeros (and a bare dot) dropped.
std::string with_fraction(uint64_t v, int digits) {
  uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  std::string out = std::to_string(v / scale);
  std::string fraction = fmt::format("{:0{}}", v % scale, digits);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

}  // namespace

std::string go_duration_string(std::chrono::nanoseconds d) {
  int64_t ns = d.count();
  if (ns == 0) return "0s";
  std::string sign = ns < 0 ? "-" : "";
  uint64_t u = ns < 0 ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  if (u < 1000) return sign + std::to_string(u) + "ns";
  if (u < 1000000) return sign + with_fraction(u, 3) + "\u00b5s";
  if (u < 1000000000) return sign + with_fraction(u, 6) + "ms";
  std::string out = sign;
  uint64_t seconds_ns = u % 60000000000ULL, minutes = u / 60000000000ULL;
  if (minutes >= 60) out += std::to_string(minutes / 60) + "h";
  if (minutes > 0) out += std::to_string(minutes % 60) + "m";
  return out + with_fraction(seconds_ns, 9) + "s";
}

std::string durafmt_string(std::chrono::nanoseconds d, int first_units) {
  int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  std::string sign = us < 0 ? "-" : "";
  if (us < 0) us = -us;
  if (d.count() == 0) return "0 seconds";
  struct Unit {
    const char* name;
    int64_t micros;
  };
  static const Unit units[] = {{"year", 365LL * 24 * 3600 * 1000000}, {"week", 7LL * 24 * 3600 * 1000000},
                               {"day", 24LL * 3600 * 1000000},        {"hour", 3600LL * 1000000},
                               {"minute", 60LL * 1000000},            {"second", 1000000},
                               {"millisecond", 1000},                 {"microsecond", 1}};
  std::vector<std::string> parts;
  for (const auto& unit : units) {
    int64_t n = us / unit.micros;
    us -= n * unit.micros;
    if (n > 0 && static_cast<int>(parts.size()) < first_units)
      parts.push_back(fmt::format("{} {}{}", n, unit.name, n == 1 ? "" : "s"));
  }
  return sign + fmt::format("{}", fmt::join(parts, " "));
}

namespace {
std::string go_duration_message(GoDurationError::Kind kind, std::string_view text, std::string_view unit) {
  switch (kind) {
    case GoDurationError::Kind::MissingUnit: return fmt::format("time: missing unit in duration \"{}\"", text);
    case GoDurationError::Kind::UnknownUnit: return fmt::format("time: unknown unit \"{}\" in duration \"{}\"", unit, text);
    case GoDurationError::Kind::Invalid: break;
  }
  return fmt::format("time: invalid duration \"{}\"", text);
}
}  // namespace

GoDurationError::GoDurationError(Kind kind, std::string_view text, std::string_view unit)
    : std::invalid_argument(go_duration_message(kind, text, unit)), kind(kind), unit(unit) {}

int64_t go_parse_duration(std::string_view text) {
  using Kind = GoDurationError::Kind;
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) negative = s[0] == '-', s.remove_prefix(1);
  if (s == "0") return 0;
  if (s.empty()) throw GoDurationError(Kind::Invalid, text);
  // Accumulated in nanoseconds as a long double: exact for every duration that fits int64's range check below.
  long double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) throw GoDurationError(Kind::Invalid, text);
    size_t i = 0;
    long double whole = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') whole = whole * 10 + (s[i++] - '0');
    bool had_whole = i > 0;
    long double fraction = 0, scale = 1;
    bool had_fraction = false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') fraction = fraction * 10 + (s[i++] - '0'), scale *= 10, had_fraction = true;
    }
    if (!had_whole && !had_fraction) throw GoDurationError(Kind::Invalid, text);
    size_t unit_start = i;
    while (i < s.size() && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9')) ++i;
    std::string_view unit = s.substr(unit_start, i - unit_start);
    if (unit.empty()) throw GoDurationError(Kind::MissingUnit, text);
    long double per;
    if (unit == "ns") per = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") per = 1e3L;
    else if (unit == "ms") per = 1e6L;
    else if (unit == "s") per = 1e9L;
    else if (unit == "m") per = 60e9L;
    else if (unit == "h") per = 3600e9L;
    else throw GoDurationError(Kind::UnknownUnit, text, unit);
    total += whole * per + fraction * per / scale;
    if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) throw GoDurationError(Kind::Invalid, text);
    s.remove_prefix(i);
  }
  auto nanos = static_cast<int64_t>(total);
  return negative ? -nanos : nanos;
}

}  // namespace kiln
