// formatdate, timeadd, timestamp, and Packer's legacy_isotime, legacy_strftime, rfc3339_parse and
// unix_timestamp_parse.
#include <chrono>
#include <stdexcept>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/functions/time_text.hpp"
#include "kiln/interpolate.hpp"
#include "template/go_time.hpp"
#include "util/go_duration.hpp"

namespace kiln::hcl::functions {

namespace {


Timestamp timestamp_arg(const Args& a, size_t index) {
  try {
    return parse_rfc3339(a[index].as_string());
  } catch (const std::invalid_argument& e) {
    fail_arg(index, e.what());
  }
}

// rfc3339_parse's and unix_timestamp_parse's object of calendar fields.
std::map<std::string, Value> parts_object(const Timestamp& t) {
  TimeParts p = time_parts(t);
  auto n = [](int v) { return Value::number(int64_t(v)); };
  return {{"year", n(p.year)},         {"year_day", n(p.year_day)},         {"day", n(p.day)},
          {"month", n(p.month)},       {"month_name", text(p.month_name)},  {"weekday", n(p.weekday)},
          {"weekday_name", text(p.weekday_name)}, {"hour", n(p.hour)},    {"minute", n(p.minute)},
          {"second", n(p.second)},     {"iso_year", n(p.iso_year)},         {"iso_week", n(p.iso_week)}};
}

Value rfc3339_parse(const Args& a) {
  std::string s = a[0].as_string();
  // Packer also takes a space where RFC 3339 has its T.
  if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
  Timestamp t;
  try {
    t = parse_rfc3339(s);
  } catch (const std::invalid_argument&) {
    fail_arg(0, "\"" + a[0].as_string() + "\" is not a valid RFC3339 timestamp");
  }
  std::map<std::string, Value> fields = parts_object(t);
  fields["unix"] = Value::number(t.unix_seconds);
  return Value::object(std::move(fields));
}

Value unix_timestamp_parse(const Args& a) {
  std::optional<int64_t> seconds = a[0].as_number().to_int64();
  if (!seconds)
    fail_arg(0, "unix_timestamp must be a whole number of seconds representable as a 64-bit integer: value must be a whole number, between -9223372036854775808 and 9223372036854775807");
  Timestamp t;
  t.unix_seconds = *seconds;
  std::map<std::string, Value> fields = parts_object(t);
  fields["rfc3339"] = text(format_rfc3339(t));
  return Value::object(std::move(fields));
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
      return text(format_rfc3339(add_duration(t, go_parse_duration(a[1].as_string()))));
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
  Function parse;
  parse.params = {param("timestamp", kString)};
  parse.impl = rfc3339_parse;
  table["rfc3339_parse"] = parse;
  Function unix_parse;
  unix_parse.params = {param("unix_timestamp", Type::number())};
  unix_parse.impl = unix_timestamp_parse;
  table["unix_timestamp_parse"] = unix_parse;
  table["legacy_strftime"] = legacy(tmpl::format_strftime);
}

}  // namespace kiln::hcl::functions
