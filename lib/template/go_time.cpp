#include "template/go_time.hpp"

#include <array>

#include "kiln/interpolate.hpp"

namespace kiln {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 12> month_names = {"January", "February", "March",     "April",   "May",      "June",
                                                     "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> day_names = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

// One layout element, following the order in which Go's time package recognises them.
enum class Chunk {
  None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay,
  ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, pm, TZ,
  ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ, NumTZ, NumSecondsTz,
  NumShortTZ, NumColonTZ, NumColonSecondsTZ, FracSecond0, FracSecond9,
};

struct Found {
  size_t pos = 0;       // where the element starts in the layout
  size_t len = 0;       // its length
  Chunk chunk = Chunk::None;
  int digits = 0;       // fractional seconds: number of digits
  char separator = 0;   // fractional seconds: '.' or ','
};

bool starts_lower(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z'; }
bool is_digit_at(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// Finds the first layout element at or after `from`.
Found next_chunk(std::string_view l, size_t from) {
  auto at = [&](size_t i, std::string_view word) { return l.substr(i, word.size()) == word; };
  for (size_t i = from; i < l.size(); ++i) {
    auto hit = [&](size_t len, Chunk c) { return Found{i, len, c}; };
    switch (l[i]) {
      case 'J':
        if (at(i, "January")) return hit(7, Chunk::LongMonth);
        if (at(i, "Jan") && !starts_lower(l.substr(i + 3))) return hit(3, Chunk::Month);
        break;
      case 'M':
        if (at(i, "Monday")) return hit(6, Chunk::LongWeekDay);
        if (at(i, "Mon") && !starts_lower(l.substr(i + 3))) return hit(3, Chunk::WeekDay);
        if (at(i, "MST")) return hit(3, Chunk::TZ);
        break;
      case '0':
        if (i + 1 < l.size() && l[i + 1] >= '1' && l[i + 1] <= '6') {
          static constexpr Chunk zero[] = {Chunk::ZeroMonth,  Chunk::ZeroDay,    Chunk::ZeroHour12,
                                           Chunk::ZeroMinute, Chunk::ZeroSecond, Chunk::Year};
          return hit(2, zero[l[i + 1] - '1']);
        }
        if (at(i, "002")) return hit(3, Chunk::ZeroYearDay);
        break;
      case '1':
        if (at(i, "15")) return hit(2, Chunk::Hour);
        return hit(1, Chunk::NumMonth);
      case '2':
        if (at(i, "2006")) return hit(4, Chunk::LongYear);
        return hit(1, Chunk::Day);
      case '_':
        if (at(i, "_2")) {
          // "_2006" is a literal underscore followed by the long year.
          if (at(i + 1, "2006")) return Found{i + 1, 4, Chunk::LongYear};
          return hit(2, Chunk::UnderDay);
        }
        if (at(i, "__2")) return hit(3, Chunk::UnderYearDay);
        break;
      case '3': return hit(1, Chunk::Hour12);
      case '4': return hit(1, Chunk::Minute);
      case '5': return hit(1, Chunk::Second);
      case 'P':
        if (at(i, "PM")) return hit(2, Chunk::PM);
        break;
      case 'p':
        if (at(i, "pm")) return hit(2, Chunk::pm);
        break;
      case '-':
        if (at(i, "-070000")) return hit(7, Chunk::NumSecondsTz);
        if (at(i, "-07:00:00")) return hit(9, Chunk::NumColonSecondsTZ);
        if (at(i, "-0700")) return hit(5, Chunk::NumTZ);
        if (at(i, "-07:00")) return hit(6, Chunk::NumColonTZ);
        if (at(i, "-07")) return hit(3, Chunk::NumShortTZ);
        break;
      case 'Z':
        if (at(i, "Z070000")) return hit(7, Chunk::ISO8601SecondsTZ);
        if (at(i, "Z07:00:00")) return hit(9, Chunk::ISO8601ColonSecondsTZ);
        if (at(i, "Z0700")) return hit(5, Chunk::ISO8601TZ);
        if (at(i, "Z07:00")) return hit(6, Chunk::ISO8601ColonTZ);
        if (at(i, "Z07")) return hit(3, Chunk::ISO8601ShortTZ);
        break;
      case '.':
      case ',':
        // A run of 0s or 9s right after the separator, not followed by another digit.
        if (i + 1 < l.size() && (l[i + 1] == '0' || l[i + 1] == '9')) {
          char digit = l[i + 1];
          size_t j = i + 1;
          while (j < l.size() && l[j] == digit) ++j;
          if (!is_digit_at(l, j)) {
            Found f{i, j - i, digit == '0' ? Chunk::FracSecond0 : Chunk::FracSecond9};
            f.digits = static_cast<int>(j - i - 1);
            f.separator = l[i];
            return f;
          }
        }
        break;
      default: break;
    }
  }
  return Found{l.size(), 0, Chunk::None};
}

void append_int(std::string& out, long long v, int width) {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

// UTC has offset zero: numeric zones print zeros, ISO 8601 ones print "Z".
void append_zone(std::string& out, Chunk c) {
  switch (c) {
    case Chunk::ISO8601TZ: case Chunk::ISO8601SecondsTZ: case Chunk::ISO8601ShortTZ:
    case Chunk::ISO8601ColonTZ: case Chunk::ISO8601ColonSecondsTZ: out += 'Z'; break;
    case Chunk::NumTZ: out += "+0000"; break;
    case Chunk::NumSecondsTz: out += "+000000"; break;
    case Chunk::NumShortTZ: out += "+00"; break;
    case Chunk::NumColonTZ: out += "+00:00"; break;
    case Chunk::NumColonSecondsTZ: out += "+00:00:00"; break;
    default: break;
  }
}

void append_fraction(std::string& out, const Found& f, long long nanos) {
  int digits = f.digits > 9 ? 9 : f.digits;
  std::string frac;
  append_int(frac, nanos, 9);
  frac.resize(digits);
  if (f.chunk == Chunk::FracSecond9) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (frac.empty()) return;  // Go drops the separator too
  }
  out += f.separator;
  out += frac;
}

}  // namespace

std::string format_go_time(system_clock::time_point t, std::string_view layout) {
  auto day_point = floor<days>(t);
  year_month_day ymd{day_point};
  hh_mm_ss<nanoseconds> tod{duration_cast<nanoseconds>(t - day_point)};
  const long long year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  const unsigned wday = std::chrono::weekday{day_point}.c_encoding();
  const long long yday = (day_point - sys_days{ymd.year() / January / 1}).count() + 1;
  const long long hour = tod.hours().count(), minute = tod.minutes().count(), second = tod.seconds().count();
  const long long nanos = tod.subseconds().count();

  std::string out;
  out.reserve(layout.size() + 16);
  size_t pos = 0;
  while (pos < layout.size()) {
    Found f = next_chunk(layout, pos);
    out.append(layout.substr(pos, f.pos - pos));
    if (f.chunk == Chunk::None) break;
    pos = f.pos + f.len;
    switch (f.chunk) {
      case Chunk::Year: append_int(out, year % 100, 2); break;
      case Chunk::LongYear: append_int(out, year, 4); break;
      case Chunk::Month: out.append(month_names[month - 1], 3); break;
      case Chunk::LongMonth: out += month_names[month - 1]; break;
      case Chunk::NumMonth: append_int(out, month, 0); break;
      case Chunk::ZeroMonth: append_int(out, month, 2); break;
      case Chunk::WeekDay: out.append(day_names[wday], 3); break;
      case Chunk::LongWeekDay: out += day_names[wday]; break;
      case Chunk::Day: append_int(out, day, 0); break;
      case Chunk::UnderDay:
        if (day < 10) out += ' ';
        append_int(out, day, 0);
        break;
      case Chunk::ZeroDay: append_int(out, day, 2); break;
      case Chunk::UnderYearDay:
        if (yday < 100) out += ' ';
        if (yday < 10) out += ' ';
        append_int(out, yday, 0);
        break;
      case Chunk::ZeroYearDay: append_int(out, yday, 3); break;
      case Chunk::Hour: append_int(out, hour, 2); break;
      case Chunk::Hour12: append_int(out, hour % 12 == 0 ? 12 : hour % 12, 0); break;
      case Chunk::ZeroHour12: append_int(out, hour % 12 == 0 ? 12 : hour % 12, 2); break;
      case Chunk::Minute: append_int(out, minute, 0); break;
      case Chunk::ZeroMinute: append_int(out, minute, 2); break;
      case Chunk::Second: append_int(out, second, 0); break;
      case Chunk::ZeroSecond: append_int(out, second, 2); break;
      case Chunk::PM: out += hour >= 12 ? "PM" : "AM"; break;
      case Chunk::pm: out += hour >= 12 ? "pm" : "am"; break;
      case Chunk::TZ: out += "UTC"; break;
      case Chunk::FracSecond0:
      case Chunk::FracSecond9: append_fraction(out, f, nanos); break;
      default: append_zone(out, f.chunk); break;
    }
  }
  return out;
}

namespace tmpl {

std::string format_strftime(system_clock::time_point t, std::string_view format) {
  std::string out;
  out.reserve(format.size() + 16);
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (i + 1 == format.size()) {  // a lone trailing '%'
      out += '%';
      break;
    }
    char c = format[++i];
    const char* layout = nullptr;
    switch (c) {
      case '%': out += '%'; continue;
      case 'B': layout = "January"; break;
      case 'b': layout = "Jan"; break;
      case 'm': layout = "01"; break;
      case 'A': layout = "Monday"; break;
      case 'a': layout = "Mon"; break;
      case 'd': layout = "02"; break;
      case 'H': layout = "15"; break;
      case 'I': layout = "03"; break;
      case 'M': layout = "04"; break;
      case 'S': layout = "05"; break;
      case 'Y': layout = "2006"; break;
      case 'y': layout = "06"; break;
      case 'p': layout = "PM"; break;
      case 'Z': layout = "MST"; break;
      case 'z': layout = "-0700"; break;
      case 'L': layout = ".000"; break;
      default: break;
    }
    if (layout) {
      out += format_go_time(t, layout);
    } else {
      out += '%';
      out += c;
    }
  }
  return out;
}

}  // namespace tmpl
}  // namespace kiln
