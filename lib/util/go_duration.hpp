// Durations written the way Packer writes them: Go's time.Duration.String ("1m30s", "1.5s", "300ms")
// and hako/durafmt ("3 milliseconds 709 microseconds"), which Packer uses for build times.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kiln {

// Why go_parse_duration refused a text; what() is Go's own message ("time: unknown unit ...").
struct GoDurationError : std::invalid_argument {
  enum class Kind { Invalid, MissingUnit, UnknownUnit };
  GoDurationError(Kind kind, std::string_view text, std::string_view unit = {});
  Kind kind;
  std::string unit;  // the unknown unit
};

// Go's time.ParseDuration, in nanoseconds (fractions of a nanosecond truncated, as Go does).
int64_t go_parse_duration(std::string_view text);

// Go's time.Duration.String().
std::string go_duration_string(std::chrono::nanoseconds d);

// durafmt.Parse(d).LimitFirstN(first_units).String(): years down to microseconds, "1 second" for
// one, units that are zero left out, only the `first_units` largest; "0 seconds" for zero.
std::string durafmt_string(std::chrono::nanoseconds d, int first_units = 2);

}  // namespace kiln
