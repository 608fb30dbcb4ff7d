// formatdate, timeadd, timestamp, and Packer's legacy_isotime and legacy_strftime.
#include <chrono>
#include <stdexcept>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/functions/time_text.hpp"
#include "kiln/interpolate.hpp"
#include "template/go_time.hpp"

namespace kiln::hcl::functions {

namespace {

const Type kString = Type::string();

Timestamp timestamp_arg(const Args& a, size_t index) {
  try {
    return parse_rfc3339(a[index].as_string());
  } catch (const std::invalid_argument& e) {
    fail_arg(index, e.what());
  }
}

}  // namespace

void add_datetime_functions(FunctionTable& table) {
  table["formatdate"] = fixed({param("format", kString), param("time", kString)}, kString, [](const Args& a) {
    Timestamp t = timestamp_arg(a, 1);
    try {
      return text(format_date(a[0].as_string(), t));
    } catch (const FormatSpecError& e) {
      fail_arg(0, e.message);
    }
  });
  table["timeadd"] = fixed({param("timestamp", kString), param("duration", kString)}, kString, [](const Args& a) {
    try {
      Timestamp t = parse_rfc3339(a[0].as_string());
      return text(format_rfc3339(add_duration(t, parse_go_duration(a[1].as_string()))));
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
  });
  // Packer's own timestamp(): the current time in UTC, to the second.
  table["timestamp"] = fixed({}, kString, [](const Args&) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    Timestamp t;
    t.unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    return text(format_rfc3339(t));
  });
  // The legacy functions format one fixed time, as Packer formats the time it started: here, when
  // this table was built. Without a format, RFC 3339.
  auto start = std::chrono::system_clock::now();
  auto legacy = [start](std::string (*format)(std::chrono::system_clock::time_point, std::string_view)) {
    return variadic({}, param("format", kString), kString, [start, format](const Args& a) {
      if (a.size() > 1) fail("too many values, 1 needed");
      if (a.empty()) return text(format_go_time(start, "2006-01-02T15:04:05Z07:00"));
      return text(format(start, a[0].as_string()));
    });
  };
  table["legacy_isotime"] = legacy(format_go_time);
  table["legacy_strftime"] = legacy(tmpl::format_strftime);
}

}  // namespace kiln::hcl::functions
