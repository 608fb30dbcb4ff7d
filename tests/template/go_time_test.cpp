#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "kiln/interpolate.hpp"
#include "template/go_time.hpp"

using namespace std::chrono;

namespace {

system_clock::time_point at(int y, unsigned mo, unsigned d, int h, int mi, int s, long ns) {
  auto t = sys_days{year{y} / mo / d} + hours{h} + minutes{mi} + seconds{s} + nanoseconds{ns};
  return time_point_cast<system_clock::duration>(t);
}

const system_clock::time_point points[] = {
    at(2021, 3, 4, 5, 6, 7, 89012345),   // a Thursday morning, fraction with a leading zero
    at(1999, 12, 31, 23, 59, 8, 100000000),
    at(2024, 2, 29, 12, 0, 0, 0),        // leap day, noon, no fraction
};

struct Row {
  int point;
  const char* layout;
  const char* want;
};

// Produced by Go's time.Format (the library Packer 1.6.6 uses for {{isotime}}) for the points above.
const Row rows[] = {
    {0, "2006-01-02T15:04:05Z07:00", "2021-03-04T05:06:07Z"},
    {0, "2006-01-02T15:04:05.999999999Z07:00", "2021-03-04T05:06:07.089012345Z"},
    {0, "Mon, 02 Jan 2006 15:04:05 MST", "Thu, 04 Mar 2021 05:06:07 UTC"},
    {0, "Mon, 02 Jan 2006 15:04:05 -0700", "Thu, 04 Mar 2021 05:06:07 +0000"},
    {0, "02 Jan 06 15:04 MST", "04 Mar 21 05:06 UTC"},
    {0, "02 Jan 06 15:04 -0700", "04 Mar 21 05:06 +0000"},
    {0, "Monday, 02-Jan-06 15:04:05 MST", "Thursday, 04-Mar-21 05:06:07 UTC"},
    {0, "Mon Jan _2 15:04:05 2006", "Thu Mar  4 05:06:07 2021"},
    {0, "Mon Jan _2 15:04:05 MST 2006", "Thu Mar  4 05:06:07 UTC 2021"},
    {0, "Mon Jan 02 15:04:05 -0700 2006", "Thu Mar 04 05:06:07 +0000 2021"},
    {0, "3:04PM", "5:06AM"},
    {0, "Jan _2 15:04:05", "Mar  4 05:06:07"},
    {0, "Jan _2 15:04:05.000", "Mar  4 05:06:07.089"},
    {0, "Jan _2 15:04:05.000000", "Mar  4 05:06:07.089012"},
    {0, "Jan _2 15:04:05.000000000", "Mar  4 05:06:07.089012345"},
    {0, "2006 06 01 1 Jan January 02 2 _2", "2021 21 03 3 Mar March 04 4  4"},
    {0, "15 03 3 04 4 05 5 PM pm", "05 05 5 06 6 07 7 AM am"},
    {0, "Mon Monday MST", "Thu Thursday UTC"},
    {0, "-0700 -07:00 -07 -070000 -07:00:00", "+0000 +00:00 +00 +000000 +00:00:00"},
    {0, "Z0700 Z07:00 Z07 Z070000 Z07:00:00", "Z Z Z Z Z"},
    {0, ".000 .999 .0 .9 .000000 .999999999 .0000000000", ".089 .089 .0  .089012 .089012345 .089012345"},
    {0, ",000 ,999", ",089 ,089"},
    {0, "05.000 05,999999", "07.089 07,089012"},
    {0, "002 __2", "063  63"},
    {0, "_2006", "_2021"},
    {0, "Janx Monx Jan. Mon.", "Janx Monx Mar. Thu."},
    {0, "20060102150405", "20210304050607"},
    {0, "2006-01-02T15:04:05.000Z", "2021-03-04T05:06:07.089Z"},
    {0, "no layout here", "no layout here"},
    {0, "1.2.3", "3.4.5"},
    {0, "05.00x", "07.08x"},
    {0, "a.09b", "a.09b"},
    {0, "", ""},
    {1, "2006-01-02T15:04:05Z07:00", "1999-12-31T23:59:08Z"},
    {1, "2006-01-02T15:04:05.999999999Z07:00", "1999-12-31T23:59:08.1Z"},
    {1, "Mon, 02 Jan 2006 15:04:05 MST", "Fri, 31 Dec 1999 23:59:08 UTC"},
    {1, "Mon, 02 Jan 2006 15:04:05 -0700", "Fri, 31 Dec 1999 23:59:08 +0000"},
    {1, "02 Jan 06 15:04 MST", "31 Dec 99 23:59 UTC"},
    {1, "02 Jan 06 15:04 -0700", "31 Dec 99 23:59 +0000"},
    {1, "Monday, 02-Jan-06 15:04:05 MST", "Friday, 31-Dec-99 23:59:08 UTC"},
    {1, "Mon Jan _2 15:04:05 2006", "Fri Dec 31 23:59:08 1999"},
    {1, "Mon Jan _2 15:04:05 MST 2006", "Fri Dec 31 23:59:08 UTC 1999"},
    {1, "Mon Jan 02 15:04:05 -0700 2006", "Fri Dec 31 23:59:08 +0000 1999"},
    {1, "3:04PM", "11:59PM"},
    {1, "Jan _2 15:04:05", "Dec 31 23:59:08"},
    {1, "Jan _2 15:04:05.000", "Dec 31 23:59:08.100"},
    {1, "Jan _2 15:04:05.000000", "Dec 31 23:59:08.100000"},
    {1, "Jan _2 15:04:05.000000000", "Dec 31 23:59:08.100000000"},
    {1, "2006 06 01 1 Jan January 02 2 _2", "1999 99 12 12 Dec December 31 31 31"},
    {1, "15 03 3 04 4 05 5 PM pm", "23 11 11 59 59 08 8 PM pm"},
    {1, "Mon Monday MST", "Fri Friday UTC"},
    {1, "-0700 -07:00 -07 -070000 -07:00:00", "+0000 +00:00 +00 +000000 +00:00:00"},
    {1, "Z0700 Z07:00 Z07 Z070000 Z07:00:00", "Z Z Z Z Z"},
    {1, ".000 .999 .0 .9 .000000 .999999999 .0000000000", ".100 .1 .1 .1 .100000 .1 .100000000"},
    {1, ",000 ,999", ",100 ,1"},
    {1, "05.000 05,999999", "08.100 08,1"},
    {1, "002 __2", "365 365"},
    {1, "_2006", "_1999"},
    {1, "Janx Monx Jan. Mon.", "Janx Monx Dec. Fri."},
    {1, "20060102150405", "19991231235908"},
    {1, "2006-01-02T15:04:05.000Z", "1999-12-31T23:59:08.100Z"},
    {1, "no layout here", "no layout here"},
    {1, "1.2.3", "12.31.11"},
    {1, "05.00x", "08.10x"},
    {1, "a.09b", "a.09b"},
    {1, "", ""},
    {2, "2006-01-02T15:04:05Z07:00", "2024-02-29T12:00:00Z"},
    {2, "2006-01-02T15:04:05.999999999Z07:00", "2024-02-29T12:00:00Z"},
    {2, "Mon, 02 Jan 2006 15:04:05 MST", "Thu, 29 Feb 2024 12:00:00 UTC"},
    {2, "Mon, 02 Jan 2006 15:04:05 -0700", "Thu, 29 Feb 2024 12:00:00 +0000"},
    {2, "02 Jan 06 15:04 MST", "29 Feb 24 12:00 UTC"},
    {2, "02 Jan 06 15:04 -0700", "29 Feb 24 12:00 +0000"},
    {2, "Monday, 02-Jan-06 15:04:05 MST", "Thursday, 29-Feb-24 12:00:00 UTC"},
    {2, "Mon Jan _2 15:04:05 2006", "Thu Feb 29 12:00:00 2024"},
    {2, "Mon Jan _2 15:04:05 MST 2006", "Thu Feb 29 12:00:00 UTC 2024"},
    {2, "Mon Jan 02 15:04:05 -0700 2006", "Thu Feb 29 12:00:00 +0000 2024"},
    {2, "3:04PM", "12:00PM"},
    {2, "Jan _2 15:04:05", "Feb 29 12:00:00"},
    {2, "Jan _2 15:04:05.000", "Feb 29 12:00:00.000"},
    {2, "Jan _2 15:04:05.000000", "Feb 29 12:00:00.000000"},
    {2, "Jan _2 15:04:05.000000000", "Feb 29 12:00:00.000000000"},
    {2, "2006 06 01 1 Jan January 02 2 _2", "2024 24 02 2 Feb February 29 29 29"},
    {2, "15 03 3 04 4 05 5 PM pm", "12 12 12 00 0 00 0 PM pm"},
    {2, "Mon Monday MST", "Thu Thursday UTC"},
    {2, "-0700 -07:00 -07 -070000 -07:00:00", "+0000 +00:00 +00 +000000 +00:00:00"},
    {2, "Z0700 Z07:00 Z07 Z070000 Z07:00:00", "Z Z Z Z Z"},
    {2, ".000 .999 .0 .9 .000000 .999999999 .0000000000", ".000  .0  .000000  .000000000"},
    {2, ",000 ,999", ",000 "},
    {2, "05.000 05,999999", "00.000 00"},
    {2, "002 __2", "060  60"},
    {2, "_2006", "_2024"},
    {2, "Janx Monx Jan. Mon.", "Janx Monx Feb. Thu."},
    {2, "20060102150405", "20240229120000"},
    {2, "2006-01-02T15:04:05.000Z", "2024-02-29T12:00:00.000Z"},
    {2, "no layout here", "no layout here"},
    {2, "1.2.3", "2.29.12"},
    {2, "05.00x", "00.00x"},
    {2, "a.09b", "a.09b"},
    {2, "", ""},
};

}  // namespace

TEST_CASE("format_go_time matches Go's time.Format for every layout element") {
  for (const Row& r : rows) {
    CAPTURE(r.point);
    CAPTURE(r.layout);
    CHECK(kiln::format_go_time(points[r.point], r.layout) == r.want);
  }
}

TEST_CASE("strftime maps its directives onto Go layouts as Packer does") {
  auto t = points[0];
  CHECK(kiln::tmpl::format_strftime(t, "%Y-%m-%d %H:%M:%S") == "2021-03-04 05:06:07");
  CHECK(kiln::tmpl::format_strftime(t, "%a %A %b %B %p %y %Z %z %L %I") == "Thu Thursday Mar March AM 21 UTC +0000 .089 05");
  // Unknown directives stay as written; "%%" is a percent sign; a lone trailing "%" stays.
  CHECK(kiln::tmpl::format_strftime(t, "%j %% %") == "%j % %");
  CHECK(kiln::tmpl::format_strftime(t, "") == "");
  CHECK(kiln::tmpl::format_strftime(points[1], "%I%p") == "11PM");
  // Text outside directives is copied, even when it looks like a Go layout.
  CHECK(kiln::tmpl::format_strftime(t, "2006 %Y") == "2006 2021");
}
