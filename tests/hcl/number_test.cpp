#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "hcl/number.hpp"

using kiln::hcl::Number;

namespace {

Number num(const char* text) {
  std::optional<Number> n = Number::parse(text);
  REQUIRE_MESSAGE(n, text);
  return *n;
}

std::string repeat(char c, size_t n) { return std::string(n, c); }

}  // namespace

// Every expected text here is what Packer 1.6.6 printed for the same expression (`${…}` in a
// shell-local inline command).
TEST_CASE("numbers print as cty prints them, at 512 bits for literals") {
  CHECK(num("3.14159").str() == "3.14159");
  CHECK(num("0.1").str() == "0.1");
  CHECK(num("1e30").str() == "1" + repeat('0', 30));
  CHECK(num("1.5e3").str() == "1500");
  CHECK(num("1e-7").str() == "0.0000001");
  CHECK(num("-0.5").str() == "-0.5");
  CHECK(num("123456789012345678901234567890").str() == "123456789012345678901234567890");
  CHECK(num("9007199254740993").str() == "9007199254740993");
  CHECK(num("1e400").str() == "1" + repeat('0', 400));
  CHECK(num("1e-400").str() == "0." + repeat('0', 399) + "1");
  CHECK(num("-0").str() == "-0");
  CHECK(num("0").str() == "0");
}

TEST_CASE("arithmetic rounds to the operands' precision as big.Float does") {
  CHECK(num("1").divide(num("3"))->str() == "0." + repeat('3', 154) + "5");
  CHECK(num("2").divide(num("3"))->str() == "0." + repeat('6', 153) + "7");
  CHECK(num("22").divide(num("7"))->str() ==
        "3.142857142857142857142857142857142857142857142857142857142857142857142857142857"
        "1428571428571428571428571428571428571428571428571428571428571428571428571428");
  CHECK(Number::from_int64(3).divide(num("7"))->str() ==
        "0.428571428571428571428571428571428571428571428571428571428571428571428571428571"
        "42857142857142857142857142857142857142857142857142857142857142857142857142856");
  CHECK((num("0.1") + num("0.2")).str() == "0.3");
  CHECK((num("0.1") * num("3")).str() == "0.3");
  CHECK(num("10").divide(num("2"))->str() == "5");
  CHECK((*num("1").divide(num("3")) * num("3")).str() == "1");
  CHECK((*num("2").divide(num("7")) * num("7")).str() == "2");
  CHECK((*num("100").divide(num("3")) * num("3")).str() == "100");
  CHECK((num("100000000000000000000") * num("100000000000000000000")).str() == "1" + repeat('0', 40));
  CHECK((Number::from_int64(2) * num("1.5")).str() == "3");
  CHECK((num("0") * num("-1")).str() == "-0");
}

TEST_CASE("huge integers stay exact") {
  Number p = num("1");
  for (int i = 0; i < 100; ++i) p = p * num("2");
  CHECK(p.str() == "1267650600228229401496703205376");
  CHECK(p.is_integer());
  CHECK_FALSE(p.to_int64());
  CHECK((p + num("1") - p).str() == "1");
}

TEST_CASE("numbers made from doubles keep 53 bits, as cty's NumberFloatVal") {
  CHECK(Number::from_double(std::pow(2.0, 100)).str() == "1267650600228229400000000000000");
  CHECK(Number::from_double(0.1).str() == "0.1");
  CHECK(Number::from_double(-2.5).str() == "-2.5");
  CHECK(Number::from_double(0.1).precision() == 53);
  CHECK(Number::from_int64(7).precision() == 64);
  CHECK(num("7").precision() == 512);
}

TEST_CASE("division and modulo by zero and infinities") {
  CHECK(num("1").divide(num("0"))->str() == "+Inf");
  CHECK(num("-1").divide(num("0"))->str() == "-Inf");
  CHECK_FALSE(num("0").divide(num("0")));
  CHECK(num("5").modulo(num("0"))->str() == "5");
  CHECK(num("-5").modulo(num("3"))->str() == "-2");
  CHECK(num("5.5").modulo(num("2"))->str() == "1.5");
  CHECK(num("5.5").modulo(num("-2"))->str() == "1.5");
  CHECK(Number::infinity(false).is_infinite());
  CHECK(Number::infinity(true) < num("-1e300"));
}

// Packer 1.6.6 gives the same for "<text>" + 0.
TEST_CASE("parsing accepts cty's decimal grammar only") {
  CHECK(num("+2.5").str() == "2.5");
  CHECK(num("5.").str() == "5");
  CHECK(num(".5").str() == "0.5");
  CHECK(num("1p3").str() == "8");
  CHECK(num("Inf").str() == "+Inf");
  CHECK(num("-0").str() == "-0");
  CHECK((num("-0") + num("0")).str() == "0");
  CHECK(num("+2.5E-3").str() == "0.0025");
  CHECK(num("1.5P-1").str() == "0.75");
  CHECK(num("-inf").str() == "-Inf");
  CHECK(num("007").str() == "7");
  for (const char* bad : {"", "-", ".", "0x10", "1e", "1e+", "abc", "1.2.3", " 1", "1 ", "INF", "NaN", "1_000", "1e3p1"}) {
    INFO(bad);
    CHECK_FALSE(Number::parse(bad));
  }
}

TEST_CASE("comparison, integral parts and conversions") {
  CHECK(num("0.1").compare(num("0.10")) == 0);
  CHECK(num("-0") == num("0"));
  CHECK(num("2") < num("10"));
  CHECK(num("-10") < num("-2"));
  CHECK(num("1e100") > num("99e98"));
  CHECK(num("2.5").trunc().str() == "2");
  CHECK(num("-2.5").trunc().str() == "-2");
  CHECK(num("-2.5").floor().str() == "-3");
  CHECK(num("2.5").ceil().str() == "3");
  CHECK(num("-2.5").ceil().str() == "-2");
  CHECK(num("2").floor().str() == "2");
  CHECK(num("-3.5").abs().str() == "3.5");
  CHECK(num("9223372036854775807").to_int64() == INT64_MAX);
  CHECK(num("-9223372036854775808").to_int64() == INT64_MIN);
  CHECK_FALSE(num("9223372036854775808").to_int64());
  CHECK_FALSE(num("1.5").to_int64());
  CHECK(num("1.5").to_double() == 1.5);
  CHECK(num("0.1").to_double() == 0.1);
  CHECK(num("-1e300").to_double() == -1e300);
  CHECK(std::isinf(num("1e400").to_double()));
}

TEST_CASE("absurd magnitudes end in an infinity or zero instead of endless digits") {
  Number n = num("1e9999");
  CHECK(n.str().size() == 10000);
  for (int i = 0; i < 4; ++i) n = n * n;
  CHECK(n.str() == "+Inf");
  Number tiny = num("1e-9999");
  for (int i = 0; i < 4; ++i) tiny = tiny * tiny;
  CHECK(tiny.str() == "0");
  CHECK(num("1e100001").str() == "+Inf");
  CHECK(num("-1e100001").str() == "-Inf");
  CHECK(num("1e-100002").str() == "0");
}
