#include "builders/amazon/timestamp.hpp"

#include <fmt/format.h>

#include <cctype>
#include <ctime>

namespace kiln::amazon {

namespace {

// Reads exactly `n` digits at `pos`.
bool digits(const std::string& s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[pos + i]))) return false;
    out = out * 10 + (s[pos + i] - '0');
  }
  pos += n;
  return true;
}

bool expect(const std::string& s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<std::string> rfc3339_to_utc(const std::string& s) {
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!digits(s, pos, 4, year) || !expect(s, pos, '-') || !digits(s, pos, 2, month) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, day) || !expect(s, pos, 'T') || !digits(s, pos, 2, hour) || !expect(s, pos, ':') ||
      !digits(s, pos, 2, minute) || !expect(s, pos, ':') || !digits(s, pos, 2, second))
    return std::nullopt;
  static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  if (day > month_days[month - 1] + (month == 2 && leap(year) ? 1 : 0)) return std::nullopt;
  std::string fraction;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start) return std::nullopt;
    fraction = s.substr(start, pos - start);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  }
  int offset = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos++] == '-' ? -1 : 1, oh, om;
    if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t utc = timegm(&tm) - offset;
  std::tm out{};
  gmtime_r(&utc, &out);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday,
                     out.tm_hour, out.tm_min, out.tm_sec, fraction.empty() ? "" : "." + fraction);
}

}  // namespace kiln::amazon
