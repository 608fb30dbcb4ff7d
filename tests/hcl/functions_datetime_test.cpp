// formatdate (its whole format specification), timeadd (Go durations) and timestamp.
#include <regex>

#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("formatdate") {
  check_cases({
      {R"(formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z"))", R"("02 Jan 2018 23:12 UTC")"},
      {R"(formatdate("EEEE, h:mmaa", "2018-01-02T23:12:01Z"))", R"("Tuesday, 23:12pm")"},
      {R"(formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00"))",
       R"("Tue, 02 Jan 2018 23:12:01 -0800")"},
      {R"(formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z"))", R"("Jan 02, 2018")"},
      {R"(formatdate("HH:mmaa", "2018-01-02T23:12:01Z"))", R"("11:12pm")"},
      {R"(formatdate("H AA", "2018-01-02T00:12:01Z"))", R"("12 AM")"},
      {R"(formatdate("YY M D h m s", "2006-01-02T03:04:05Z"))", R"("06 1 2 3 4 5")"},
      {R"(formatdate("MMMM", "2018-09-02T23:12:01Z"))", R"("September")"},
      {R"(formatdate("Z ZZZZ ZZZZZ", "2018-01-02T23:12:01+05:30"))", R"("+05:30 +0530 +05:30")"},
      {R"(formatdate("Z ZZZZ", "2018-01-02T23:12:01Z"))", R"("Z +0000")"},
      {R"(formatdate("YYYY-MM-DD'T'hh:mm:ss", "2018-01-02T23:12:01.999Z"))", R"("2018-01-02T23:12:01")"},
      {R"(formatdate("'Date:' YYYY", "2018-01-02T23:12:01Z"))", R"("Date: 2018")"},
      {R"(formatdate("h'h'mm", "2018-01-02T23:12:01Z"))", R"("23h12")"},
      {R"(formatdate("'o''clock'", "2018-01-02T23:12:01Z"))", R"("o'clock")"},
      {R"(formatdate("''", "2018-01-02T23:12:01Z"))", R"("'")"},
      {R"(formatdate("DD.MM.YYYY", "2020-02-29T12:00:00Z"))", R"("29.02.2020")"},
      {R"(formatdate("YYY", "2018-01-02T23:12:01Z"))",
       R"(error: invalid date format verb "YYY": year must either be "YY" or "YYYY")"},
      {R"(formatdate("EE", "2018-01-02T23:12:01Z"))", R"(error: day of week must either be "EEE" or "EEEE")"},
      {R"(formatdate("aaa", "2018-01-02T23:12:01Z"))", R"(error: invalid date format verb "aaa": must be "aa")"},
      {R"(formatdate("ZZ", "2018-01-02T23:12:01Z"))", "error: timezone must be Z, ZZZZ, or ZZZZZ"},
      {R"(formatdate("x", "2018-01-02T23:12:01Z"))", R"(error: invalid date format verb "x")"},
      {R"(formatdate("'abc", "2018-01-02T23:12:01Z"))", "error: unterminated literal '"},
      {R"(formatdate("YYYY", "2018-01-02"))", "error: not a valid RFC3339 timestamp: missing required time introducer 'T'"},
      {R"(formatdate("YYYY", "2018-13-02T00:00:00Z"))", "error: not a valid RFC3339 timestamp: cannot use \"-02T00:00:00Z\" as month"},
      {R"(formatdate("YYYY", "2018-02-30T00:00:00Z"))", "error: not a valid RFC3339 timestamp: day out of range"},
      {R"(formatdate("YYYY", "2018-02-03T24:00:00Z"))", "error: not a valid RFC3339 timestamp: hour must be between 0 and 23 inclusive"},
      {R"(formatdate("YYYY", "18-01-02T00:00:00Z"))", "error: not a valid RFC3339 timestamp"},
      {R"(formatdate("YYYY", "2018-01-02T00:00:00"))", "error: not a valid RFC3339 timestamp: end of string before UTC offset"},
  });
}

TEST_CASE("timeadd") {
  check_cases({
      {R"(timeadd("2017-11-22T00:00:00Z", "10m"))", R"("2017-11-22T00:10:00Z")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "-1h"))", R"("2017-11-21T23:00:00Z")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "1h30m15.5s"))", R"("2017-11-22T01:30:15Z")"},
      {R"(timeadd("2017-11-22T00:00:00+02:00", "1h"))", R"("2017-11-22T01:00:00+02:00")"},
      {R"(timeadd("2024-02-28T12:00:00Z", "24h"))", R"("2024-02-29T12:00:00Z")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "1.5h"))", R"("2017-11-22T01:30:00Z")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "1500ms"))", R"("2017-11-22T00:00:01Z")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "0"))", R"("2017-11-22T00:00:00Z")"},
      {R"(timeadd("1970-01-01T00:00:00Z", "-1s"))", R"("1969-12-31T23:59:59Z")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "1d"))", R"(error: time: unknown unit "d" in duration "1d")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "10"))", R"(error: time: missing unit in duration "10")"},
      {R"(timeadd("2017-11-22T00:00:00Z", "ms"))", R"(error: time: invalid duration "ms")"},
      {R"(timeadd("2017-11-22", "1h"))", "error: not a valid RFC3339 timestamp"},
  });
}

TEST_CASE("rfc3339_parse") {
  check_cases({
      {R"(rfc3339_parse("2023-07-25T23:43:16Z"))",
       R"({day = 25, hour = 23, iso_week = 30, iso_year = 2023, minute = 43, month = 7, month_name = "July", second = 16, )"
       R"(unix = 1690328596, weekday = 2, weekday_name = "Tuesday", year = 2023, year_day = 206})"},
      {R"(rfc3339_parse("2023-07-25 23:43:16.5+02:00").unix)", "1690321396"},
      {R"(rfc3339_parse("2023-07-25 23:43:16.5+02:00").hour)", "23"},
      {R"(rfc3339_parse("2021-01-01T00:00:00Z").iso_year)", "2020"},
      {R"(rfc3339_parse("2021-01-01T00:00:00Z").iso_week)", "53"},
      {R"(rfc3339_parse("2024-12-30T00:00:00Z").iso_week)", "1"},
      {R"(rfc3339_parse("2024-12-31T00:00:00Z").year_day)", "366"},
      {R"(rfc3339_parse("yesterday"))", R"(error: "yesterday" is not a valid RFC3339 timestamp)"},
  });
}

TEST_CASE("unix_timestamp_parse") {
  check_cases({
      {"unix_timestamp_parse(1690328596)",
       R"({day = 25, hour = 23, iso_week = 30, iso_year = 2023, minute = 43, month = 7, month_name = "July", )"
       R"(rfc3339 = "2023-07-25T23:43:16Z", second = 16, weekday = 2, weekday_name = "Tuesday", year = 2023, year_day = 206})"},
      {"unix_timestamp_parse(0).rfc3339", R"("1970-01-01T00:00:00Z")"},
      {"unix_timestamp_parse(-1).rfc3339", R"("1969-12-31T23:59:59Z")"},
      {"unix_timestamp_parse(1.5)", "error: unix_timestamp must be a whole number of seconds"},
  });
}

TEST_CASE("timestamp is the current time in UTC, to the second") {
  std::string now = evaluated("timestamp()");
  CHECK(std::regex_match(now, std::regex(R"("\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")")));
  check_cases({
      {R"(formatdate("YYYY", timestamp()) >= 2024)", "true"},
      {R"(length(timestamp()))", "20"},
  });
}

TEST_CASE("legacy_isotime and legacy_strftime format the time the table was built") {
  FunctionTable functions = packer_functions("");
  std::string iso = evaluated("legacy_isotime()", functions);
  CHECK(std::regex_match(iso, std::regex(R"("\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")")));
  check_cases(
      {
          {R"(legacy_isotime("2006") == formatdate("YYYY", legacy_isotime()))", "true"},
          {R"(legacy_strftime("%Y-%m") == formatdate("YYYY-MM", legacy_isotime()))", "true"},
          {R"(legacy_isotime("15:04") == legacy_isotime("15:04"))", "true"},
          {R"(legacy_isotime("a", "b"))", "error: too many values, 1 needed"},
      },
      functions);
}

}  // namespace kiln::hcl::test
