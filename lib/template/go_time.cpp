// Go's reference-time layouts ("2006-01-02T15:04:05Z07:00") for {{isotime}}; always UTC.
#include <ctime>

#include <fmt/format.h>

#include "kiln/interpolate.hpp"

namespace kiln {
namespace {

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

bool starts(std::string_view s, size_t at, std::string_view token) { return s.substr(at, token.size()) == token; }

}  // namespace

std::string format_go_time(std::chrono::system_clock::time_point t, std::string_view layout) {
  using namespace std::chrono;
  std::time_t secs = system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  auto nanos = duration_cast<nanoseconds>(t.time_since_epoch()).count() % 1000000000;
  if (nanos < 0) nanos += 1000000000;
  int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  std::string out;
  for (size_t i = 0; i < layout.size();) {
    auto take = [&](std::string_view token, const std::string& value) {
      if (!starts(layout, i, token)) return false;
      out += value;
      i += token.size();
      return true;
    };
    // Fractional seconds: ".000"/",000" keep zeros, ".999" trims them.
    if ((layout[i] == '.' || layout[i] == ',') && i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
      char digit = layout[i + 1];
      size_t n = 1;
      while (i + 1 + n < layout.size() && layout[i + 1 + n] == digit) ++n;
      bool next_is_digit = i + 1 + n < layout.size() && std::isdigit(static_cast<unsigned char>(layout[i + 1 + n]));
      if (!next_is_digit) {
        std::string frac = fmt::format("{:09d}", nanos).substr(0, std::min<size_t>(n, 9));
        if (digit == '9') {
          while (!frac.empty() && frac.back() == '0') frac.pop_back();
          if (!frac.empty()) out += layout[i] + frac;
        } else {
          out += layout[i] + frac;
        }
        i += 1 + n;
        continue;
      }
    }
    if (take("January", kMonths[tm.tm_mon]) || take("Jan", std::string(kMonths[tm.tm_mon]).substr(0, 3)) ||
        take("Monday", kDays[tm.tm_wday]) || take("Mon", std::string(kDays[tm.tm_wday]).substr(0, 3)) ||
        take("MST", "UTC") || take("2006", fmt::format("{:04d}", tm.tm_year + 1900)) ||
        take("Z07:00:00", "Z") || take("-07:00:00", "+00:00:00") || take("Z07:00", "Z") || take("Z0700", "Z") ||
        take("Z07", "Z") || take("-07:00", "+00:00") || take("-0700", "+0000") || take("-07", "+00") ||
        take("002", fmt::format("{:03d}", tm.tm_yday + 1)) || take("__2", fmt::format("{:>3d}", tm.tm_yday + 1)) ||
        take("01", fmt::format("{:02d}", tm.tm_mon + 1)) || take("02", fmt::format("{:02d}", tm.tm_mday)) ||
        take("_2", fmt::format("{:>2d}", tm.tm_mday)) || take("06", fmt::format("{:02d}", (tm.tm_year + 1900) % 100)) ||
        take("15", fmt::format("{:02d}", tm.tm_hour)) || take("03", fmt::format("{:02d}", hour12)) ||
        take("04", fmt::format("{:02d}", tm.tm_min)) || take("05", fmt::format("{:02d}", tm.tm_sec)) ||
        take("PM", tm.tm_hour >= 12 ? "PM" : "AM") || take("pm", tm.tm_hour >= 12 ? "pm" : "am") ||
        take("1", std::to_string(tm.tm_mon + 1)) || take("2", std::to_string(tm.tm_mday)) ||
        take("3", std::to_string(hour12)) || take("4", std::to_string(tm.tm_min)) || take("5", std::to_string(tm.tm_sec)))
      continue;
    out += layout[i++];
  }
  return out;
}

}  // namespace kiln
