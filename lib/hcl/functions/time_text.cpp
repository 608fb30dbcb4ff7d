#include "hcl/functions/time_text.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {

using namespace std::chrono;

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::invalid_argument bad_timestamp(const std::string& why) {
  return std::invalid_argument("not a valid RFC3339 timestamp: " + why);
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Reads exactly `digits` decimal digits at text[pos] as the named field.
int read_field(std::string_view text, size_t& pos, int digits, const char* what) {
  if (pos >= text.size()) throw bad_timestamp(std::string("end of string before ") + what);
  int value = 0;
  for (int i = 0; i < digits; ++i) {
    if (pos + i >= text.size() || text[pos + i] < '0' || text[pos + i] > '9')
      throw bad_timestamp("cannot use " + in_quotes(text.substr(pos)) + " as " + what);
    value = value * 10 + (text[pos + i] - '0');
  }
  pos += digits;
  return value;
}

void expect(std::string_view text, size_t& pos, char separator) {
  std::string want(1, separator);
  if (separator == 'T' && (pos >= text.size() || text[pos] != 'T'))
    throw bad_timestamp("missing required time introducer 'T'");
  if (pos >= text.size()) throw bad_timestamp("end of string where " + in_quotes(want) + " is expected");
  if (text[pos] != separator) {
    throw bad_timestamp("found " + in_quotes(text.substr(pos)) + " where " + in_quotes(want) + " is expected");
  }
  ++pos;
}

// A field out of range, worded as cty words Go's range errors: `rest` is the text after the field.
void check_range(std::string_view text, size_t rest, int value, int lo, int hi, const char* what) {
  if (value >= lo && value <= hi) return;
  std::string_view after = text.substr(rest);
  if (std::string_view(what) == "hour" && after.find(':') != std::string_view::npos)
    throw bad_timestamp("hour must be between 0 and 23 inclusive");
  if (std::string_view(what) == "minute" && after.size() != 2)
    throw bad_timestamp("minute must have exactly two digits");
  throw bad_timestamp("cannot use " + in_quotes(after) + " as " + what);
}

struct Civil {
  int year, month, day, hour, minute, second, weekday;
};

Civil civil(const Timestamp& t) {
  int64_t local = t.unix_seconds + t.offset_seconds;
  int64_t days = local / 86400;
  int64_t rest = local % 86400;
  if (rest < 0) rest += 86400, --days;
  sys_days day{std::chrono::days{days}};
  year_month_day ymd{day};
  return {int(ymd.year()),  int(unsigned(ymd.month())), int(unsigned(ymd.day())), int(rest / 3600),
          int(rest / 60 % 60), int(rest % 60),          int(weekday{day}.c_encoding())};
}

std::string two_digits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string offset_text(int offset_seconds, bool colon) {
  char sign = offset_seconds < 0 ? '-' : '+';
  int minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
  return sign + two_digits(minutes / 60) + (colon ? ":" : "") + two_digits(minutes % 60);
}

std::string verb_error(std::string_view verb, const std::string& rule) {
  return "invalid date format verb " + in_quotes(verb) + (rule.empty() ? "" : ": " + rule);
}

std::string format_verb(std::string_view verb, const Civil& c, const Timestamp& t) {
  size_t n = verb.size();
  auto numeric = [&](int value, const char* rule) -> std::string {
    if (n == 1) return std::to_string(value);
    if (n == 2) return two_digits(value);
    throw FormatSpecError{verb_error(verb, rule)};
  };
  switch (verb[0]) {
    case 'Y': {
      char buf[16];
      if (n == 2) return two_digits(c.year % 100);
      if (n != 4) throw FormatSpecError{verb_error(verb, "year must either be \"YY\" or \"YYYY\"")};
      std::snprintf(buf, sizeof buf, "%04d", c.year);
      return buf;
    }
    case 'M':
      if (n == 3) return std::string(kMonths[c.month - 1]).substr(0, 3);
      if (n == 4) return kMonths[c.month - 1];
      return numeric(c.month, "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
    case 'D':
      return numeric(c.day, "day of month must either be \"D\" or \"DD\"");
    case 'E':
      if (n == 3) return std::string(kWeekdays[c.weekday]).substr(0, 3);
      if (n == 4) return kWeekdays[c.weekday];
      throw FormatSpecError{verb_error(verb, "day of week must either be \"EEE\" or \"EEEE\"")};
    case 'h':
      return numeric(c.hour, "24-hour must either be \"h\" or \"hh\"");
    case 'H':
      return numeric(c.hour % 12 == 0 ? 12 : c.hour % 12, "12-hour must either be \"H\" or \"HH\"");
    case 'A':
    case 'a': {
      if (n != 2) throw FormatSpecError{verb_error(verb, "must be \"" + std::string(2, verb[0]) + "\"")};
      std::string marker = c.hour < 12 ? "AM" : "PM";
      return verb[0] == 'A' ? marker : (c.hour < 12 ? "am" : "pm");
    }
    case 'm':
      return numeric(c.minute, "minute must either be \"m\" or \"mm\"");
    case 's':
      return numeric(c.second, "second must either be \"s\" or \"ss\"");
    case 'Z':
      if (n == 1) return t.offset_seconds == 0 ? "Z" : offset_text(t.offset_seconds, true);
      if (n == 3) return t.offset_seconds == 0 ? "UTC" : offset_text(t.offset_seconds, false);
      if (n == 4) return offset_text(t.offset_seconds, false);
      if (n == 5) return offset_text(t.offset_seconds, true);
      throw FormatSpecError{verb_error(verb, "timezone must be Z, ZZZZ, or ZZZZZ")};
    default:
      throw FormatSpecError{verb_error(verb, "")};
  }
}

}  // namespace

Timestamp parse_rfc3339(std::string_view text) {
  size_t pos = 0;
  int year = read_field(text, pos, 4, "year");
  expect(text, pos, '-');
  int month = read_field(text, pos, 2, "month");
  check_range(text, pos, month, 1, 12, "month");
  expect(text, pos, '-');
  int day = read_field(text, pos, 2, "day of month");
  year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)}, std::chrono::day{unsigned(day)}};
  expect(text, pos, 'T');
  int hour = read_field(text, pos, 2, "hour");
  check_range(text, pos, hour, 0, 23, "hour");
  expect(text, pos, ':');
  int minute = read_field(text, pos, 2, "minute");
  check_range(text, pos, minute, 0, 59, "minute");
  expect(text, pos, ':');
  int second = read_field(text, pos, 2, "second");
  check_range(text, pos, second, 0, 59, "second");
  Timestamp t;
  if (pos < text.size() && text[pos] == '.') {
    size_t start = ++pos;
    int64_t scale = 100000000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      t.nanos += int32_t((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) throw bad_timestamp("cannot use " + in_quotes(text.substr(start - 1)) + " as second");
  }
  if (pos >= text.size()) throw bad_timestamp("end of string before UTC offset");
  if (text[pos] == 'Z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    size_t offset_at = pos++;
    int hours = read_field(text, pos, 2, "UTC offset");
    check_range(text, pos, hours, 0, 23, "UTC offset");
    expect(text, pos, ':');
    int minutes = read_field(text, pos, 2, "UTC offset");
    check_range(text, pos, minutes, 0, 59, "UTC offset");
    t.offset_seconds = (hours * 3600 + minutes * 60) * (text[offset_at] == '-' ? -1 : 1);
  } else {
    throw bad_timestamp("cannot use " + in_quotes(text.substr(pos)) + " as UTC offset");
  }
  if (pos != text.size()) throw bad_timestamp("extra text: " + in_quotes(text.substr(pos)));
  // Go checks the day against its month last.
  if (!ymd.ok()) throw bad_timestamp("day out of range");
  int64_t days = sys_days{ymd}.time_since_epoch().count();
  t.unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second - t.offset_seconds;
  return t;
}

std::string format_rfc3339(const Timestamp& t) {
  Civil c = civil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf + (t.offset_seconds == 0 ? std::string("Z") : offset_text(t.offset_seconds, true));
}

TimeParts time_parts(const Timestamp& t) {
  Civil c = civil(t);
  TimeParts p{};
  p.year = c.year, p.month = c.month, p.day = c.day, p.weekday = c.weekday;
  p.hour = c.hour, p.minute = c.minute, p.second = c.second;
  p.month_name = kMonths[c.month - 1];
  p.weekday_name = kWeekdays[c.weekday];
  auto ordinal = [](int y, int m, int d) {
    return int((sys_days{year{y} / m / d} - sys_days{year{y} / 1 / 1}).count()) + 1;
  };
  p.year_day = ordinal(c.year, c.month, c.day);
  // ISO 8601 weeks start on Monday; week 1 holds the year's first Thursday.
  auto weeks_in = [](int y) {
    int jan1 = int(weekday{sys_days{year{y} / 1 / 1}}.c_encoding());
    bool leap = year{y}.is_leap();
    return (jan1 == 4 || (leap && jan1 == 3)) ? 53 : 52;
  };
  int iso_weekday = c.weekday == 0 ? 7 : c.weekday;
  p.iso_year = c.year;
  p.iso_week = (p.year_day - iso_weekday + 10) / 7;
  if (p.iso_week < 1) {
    p.iso_year = c.year - 1;
    p.iso_week = weeks_in(p.iso_year);
  } else if (p.iso_week > weeks_in(c.year)) {
    p.iso_year = c.year + 1;
    p.iso_week = 1;
  }
  return p;
}

Timestamp add_duration(const Timestamp& t, int64_t nanos) {
  Timestamp out = t;
  int64_t total = int64_t(t.nanos) + nanos % 1000000000;
  out.unix_seconds += nanos / 1000000000 + total / 1000000000;
  total %= 1000000000;
  if (total < 0) total += 1000000000, --out.unix_seconds;
  out.nanos = int32_t(total);
  return out;
}

std::string format_date(std::string_view spec, const Timestamp& t) {
  Civil c = civil(t);
  std::string out;
  size_t i = 0;
  while (i < spec.size()) {
    char ch = spec[i];
    if (ch == '\'') {
      if (i + 1 < spec.size() && spec[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      size_t j = i + 1;
      std::string literal;
      for (;; ++j) {
        if (j >= spec.size()) throw FormatSpecError{"unterminated literal '"};
        if (spec[j] != '\'') {
          literal += spec[j];
        } else if (j + 1 < spec.size() && spec[j + 1] == '\'') {
          literal += '\'';
          ++j;
        } else {
          break;
        }
      }
      out += literal;
      i = j + 1;
    } else if (is_ascii_letter(ch)) {
      size_t j = i;
      while (j < spec.size() && spec[j] == ch) ++j;
      out += format_verb(spec.substr(i, j - i), c, t);
      i = j;
    } else {
      out += ch;
      ++i;
    }
  }
  return out;
}

}  // namespace kiln::hcl::functions
