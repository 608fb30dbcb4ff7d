#include <doctest/doctest.h>

#include "util/go_duration.hpp"

using namespace kiln;
using namespace std::chrono;

// Expected strings are what Go's time.Duration.String and hako/durafmt (the version Packer 1.6.6
// vendors) print for the same values.
TEST_CASE("Go's Duration.String") {
  CHECK(go_duration_string(nanoseconds(0)) == "0s");
  CHECK(go_duration_string(nanoseconds(999)) == "999ns");
  CHECK(go_duration_string(nanoseconds(1500)) == "1.5\u00b5s");
  CHECK(go_duration_string(milliseconds(300)) == "300ms");
  CHECK(go_duration_string(microseconds(1500)) == "1.5ms");
  CHECK(go_duration_string(seconds(1)) == "1s");
  CHECK(go_duration_string(milliseconds(1500)) == "1.5s");
  CHECK(go_duration_string(minutes(1)) == "1m0s");
  CHECK(go_duration_string(seconds(90)) == "1m30s");
  CHECK(go_duration_string(hours(1)) == "1h0m0s");
  CHECK(go_duration_string(hours(26) + seconds(3) + milliseconds(5)) == "26h0m3.005s");
  CHECK(go_duration_string(-seconds(2)) == "-2s");
}

TEST_CASE("durafmt, first two units") {
  CHECK(durafmt_string(nanoseconds(0)) == "0 seconds");
  CHECK(durafmt_string(microseconds(3709)) == "3 milliseconds 709 microseconds");
  CHECK(durafmt_string(milliseconds(1001)) == "1 second 1 millisecond");
  CHECK(durafmt_string(seconds(61) + milliseconds(250)) == "1 minute 1 second");
  CHECK(durafmt_string(hours(2) + microseconds(7)) == "2 hours 7 microseconds");
  CHECK(durafmt_string(days(8)) == "1 week 1 day");
  CHECK(durafmt_string(nanoseconds(500)).empty());  // below a microsecond durafmt writes nothing
}
