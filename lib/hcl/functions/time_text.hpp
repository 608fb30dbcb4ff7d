// Timestamps as cty's date functions read and write them: strict RFC 3339 in and out,
// and formatdate's format specification. Pure text in, text out; errors are thrown as std::invalid_argument
// carrying the message cty gives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::hcl::functions {

struct Timestamp {
  int64_t unix_seconds = 0;  // the instant, in UTC
  int32_t nanos = 0;
  int32_t offset_seconds = 0;  // the UTC offset it was written with (kept when printing)
};

Timestamp parse_rfc3339(std::string_view text);
// As Go's time.RFC3339 layout: no fraction, "Z" for a zero offset.
std::string format_rfc3339(const Timestamp& t);
// formatdate's specification: letters form verbs (YYYY, MMM, hh, ZZZ…), text in '…' is literal.
// Throws FormatSpecError for a bad specification (an error about the first argument).
std::string format_date(std::string_view spec, const Timestamp& t);

struct FormatSpecError {
  std::string message;
};

Timestamp add_duration(const Timestamp& t, int64_t nanos);

// The calendar fields of a timestamp at its own UTC offset, as Go's time.Time gives them.
struct TimeParts {
  int year, year_day, month, day, weekday, hour, minute, second, iso_year, iso_week;
  std::string month_name, weekday_name;
};
TimeParts time_parts(const Timestamp& t);

}  // namespace kiln::hcl::functions
