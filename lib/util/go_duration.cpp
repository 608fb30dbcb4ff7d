#include "util/go_duration.hpp"

#include <cstdint>
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

}  // namespace kiln
