#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "hcl/number.hpp"

using kiln::hcl::Number;

namespace {

Number parsed_number(const char* text) {
  std::optional<Number> n = Number::parse(text);
  REQUIRE_MESSAGE(n, text);
  return *n;
}

std::string repeat(char c, size_t n) { return std::string(n, c); }

}  // namespace

// Every expected text here is what Packer 1.6.6 printed for the same expression (`${…}` in a
// shell-local inline command).
TEST_CASE("numbers print as cty prints them, at 512 bits for literals") {
  CHECK(parsed_number("3.14159").str() == "3.14159");
  CHECK(parsed_number("0.1").str() == "0.1");
  CHECK(parsed_number("1e30").str() == "1" + repeat('0', 30));
  CHECK(parsed_number("1.5e3").str() == "1500");
  CHECK(parsed_number("1e-7").str() == "0.0000001");
  CHECK(parsed_number("-0.5").str() == "-0.5");
  CHECK(parsed_number("123456789012345678901234567890").str() == "123456789012345678901234567890");
  CHECK(parsed_number("9007199254740993").str() == "9007199254740993");
  CHECK(parsed_number("1e400").str() == "1" + repeat('0', 400));
  CHECK(parsed_number("1e-400").str() == "0." + repeat('0', 399) + "1");
  CHECK(parsed_number("-0").str() == "-0");
  CHECK(parsed_number("0").str() == "0");
}

TEST_CASE("arithmetic rounds to the operands' precision as big.Float does") {
  CHECK(parsed_number("1").divide(parsed_number("3"))->str() == "0." + repeat('3', 154) + "5");
  CHECK(parsed_number("2").divide(parsed_number("3"))->str() == "0." + repeat('6', 153) + "7");
  CHECK(parsed_number("22").divide(parsed_number("7"))->str() ==
        "3.142857142857142857142857142857142857142857142857142857142857142857142857142857"
        "1428571428571428571428571428571428571428571428571428571428571428571428571428");
  CHECK(Number::from_int64(3).divide(parsed_number("7"))->str() ==
        "0.428571428571428571428571428571428571428571428571428571428571428571428571428571"
        "42857142857142857142857142857142857142857142857142857142857142857142857142856");
  CHECK((parsed_number("0.1") + parsed_number("0.2")).str() == "0.3");
  CHECK((parsed_number("0.1") * parsed_number("3")).str() == "0.3");
  CHECK(parsed_number("10").divide(parsed_number("2"))->str() == "5");
  CHECK((*parsed_number("1").divide(parsed_number("3")) * parsed_number("3")).str() == "1");
  CHECK((*parsed_number("2").divide(parsed_number("7")) * parsed_number("7")).str() == "2");
  CHECK((*parsed_number("100").divide(parsed_number("3")) * parsed_number("3")).str() == "100");
  CHECK((parsed_number("100000000000000000000") * parsed_number("100000000000000000000")).str() == "1" + repeat('0', 40));
  CHECK((Number::from_int64(2) * parsed_number("1.5")).str() == "3");
  CHECK((parsed_number("0") * parsed_number("-1")).str() == "-0");
}

TEST_CASE("huge integers stay exact") {
  Number p = parsed_number("1");
  for (int i = 0; i < 100; ++i) p = p * parsed_number("2");
  CHECK(p.str() == "1267650600228229401496703205376");
  CHECK(p.is_integer());
  CHECK_FALSE(p.to_int64());
  CHECK((p + parsed_number("1") - p).str() == "1");
}

TEST_CASE("numbers made from doubles keep 53 bits, as cty's NumberFloatVal") {
  CHECK(Number::from_double(std::pow(2.0, 100)).str() == "1267650600228229400000000000000");
  CHECK(Number::from_double(0.1).str() == "0.1");
  CHECK(Number::from_double(-2.5).str() == "-2.5");
  CHECK(Number::from_double(0.1).precision() == 53);
  CHECK(Number::from_int64(7).precision() == 64);
  CHECK(parsed_number("7").precision() == 512);
}

TEST_CASE("division and modulo by zero and infinities") {
  CHECK(parsed_number("1").divide(parsed_number("0"))->str() == "+Inf");
  CHECK(parsed_number("-1").divide(parsed_number("0"))->str() == "-Inf");
  CHECK_FALSE(parsed_number("0").divide(parsed_number("0")));
  CHECK(parsed_number("5").modulo(parsed_number("0"))->str() == "5");
  CHECK(parsed_number("-5").modulo(parsed_number("3"))->str() == "-2");
  CHECK(parsed_number("5.5").modulo(parsed_number("2"))->str() == "1.5");
  CHECK(parsed_number("5.5").modulo(parsed_number("-2"))->str() == "1.5");
  CHECK(Number::infinity(false).is_infinite());
  CHECK(Number::infinity(true) < parsed_number("-1e300"));
}

// Packer 1.6.6 gives the same for "<text>" + 0.
TEST_CASE("parsing accepts cty's decimal grammar only") {
  CHECK(parsed_number("+2.5").str() == "2.5");
  CHECK(parsed_number("5.").str() == "5");
  CHECK(parsed_number(".5").str() == "0.5");
  CHECK(parsed_number("1p3").str() == "8");
  CHECK(parsed_number("Inf").str() == "+Inf");
  CHECK(parsed_number("-0").str() == "-0");
  CHECK((parsed_number("-0") + parsed_number("0")).str() == "0");
  CHECK(parsed_number("+2.5E-3").str() == "0.0025");
  CHECK(parsed_number("1.5P-1").str() == "0.75");
  CHECK(parsed_number("-inf").str() == "-Inf");
  CHECK(parsed_number("007").str() == "7");
  for (const char* bad : {"", "-", ".", "0x10", "1e", "1e+", "abc", "1.2.3", " 1", "1 ", "INF", "NaN", "1_000", "1e3p1"}) {
    INFO(bad);
    CHECK_FALSE(Number::parse(bad));
  }
}

TEST_CASE("comparison, integral parts and conversions") {
  CHECK(parsed_number("0.1").compare(parsed_number("0.10")) == 0);
  CHECK(parsed_number("-0") == parsed_number("0"));
  CHECK(parsed_number("2") < parsed_number("10"));
  CHECK(parsed_number("-10") < parsed_number("-2"));
  CHECK(parsed_number("1e100") > parsed_number("99e98"));
  CHECK(parsed_number("2.5").trunc().str() == "2");
  CHECK(parsed_number("-2.5").trunc().str() == "-2");
  CHECK(parsed_number("-2.5").floor().str() == "-3");
  CHECK(parsed_number("2.5").ceil().str() == "3");
  CHECK(parsed_number("-2.5").ceil().str() == "-2");
  CHECK(parsed_number("2").floor().str() == "2");
  CHECK(parsed_number("-3.5").abs().str() == "3.5");
  CHECK(parsed_number("9223372036854775807").to_int64() == INT64_MAX);
  CHECK(parsed_number("-9223372036854775808").to_int64() == INT64_MIN);
  CHECK_FALSE(parsed_number("9223372036854775808").to_int64());
  CHECK_FALSE(parsed_number("1.5").to_int64());
  CHECK(parsed_number("1.5").to_double() == 1.5);
  CHECK(parsed_number("0.1").to_double() == 0.1);
  CHECK(parsed_number("-1e300").to_double() == -1e300);
  CHECK(std::isinf(parsed_number("1e400").to_double()));
}

TEST_CASE("absurd magnitudes end in an infinity or zero instead of endless digits") {
  Number n = parsed_number("1e9999");
  CHECK(n.str().size() == 10000);
  for (int i = 0; i < 4; ++i) n = n * n;
  CHECK(n.str() == "+Inf");
  Number tiny = parsed_number("1e-9999");
  for (int i = 0; i < 4; ++i) tiny = tiny * tiny;
  CHECK(tiny.str() == "0");
  CHECK(parsed_number("1e100001").str() == "+Inf");
  CHECK(parsed_number("-1e100001").str() == "-Inf");
  CHECK(parsed_number("1e-100002").str() == "0");
}
