// The numeric functions.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("abs") {
  check_cases({{"abs(23)", "23"}, {"abs(0)", "0"}, {"abs(-12.4)", "12.4"}, {R"(abs("-3"))", "3"}, {R"(abs("x"))", "error: "}});
}

TEST_CASE("ceil") {
  check_cases({{"ceil(5)", "5"}, {"ceil(5.1)", "6"}, {"ceil(-5.1)", "-5"}, {"ceil(0.0001)", "1"}});
}

TEST_CASE("floor") {
  check_cases({{"floor(5)", "5"}, {"floor(4.9)", "4"}, {"floor(-4.1)", "-5"}});
}

TEST_CASE("log") {
  check_cases({{"log(50, 10)", "1.6989700043360185"}, {"log(16, 2)", "4"}, {"log(1, 10)", "0"}});
}

TEST_CASE("max") {
  check_cases({
      {"max(12, 54, 3)", "54"},
      {"max([12, 54, 3]...)", "54"},
      {"max(-1.5, -2)", "-1.5"},
      {"max()", "error: must pass at least one number"},
  });
}

TEST_CASE("min") {
  check_cases({{"min(12, 54, 3)", "3"}, {"min([12, 54, 3]...)", "3"}, {"min(7)", "7"}});
}

TEST_CASE("parseint") {
  check_cases({
      {R"(parseint("100", 10))", "100"},
      {R"(parseint("FF", 16))", "255"},
      {R"(parseint("ff", 16))", "255"},
      {R"(parseint("-10", 16))", "-16"},
      {R"(parseint("1011111011101111", 2))", "48879"},
      {R"(parseint("aA", 62))", "656"},
      {R"(parseint("zz", 36))", "1295"},
      {R"(parseint("123456789012345678901234567890", 10))", "123456789012345678901234567890"},
      {R"(parseint("12", 2))", R"(error: cannot parse "12" as a base 2 integer)"},
      {R"(parseint("", 10))", R"(error: cannot parse "" as a base 10 integer)"},
      {R"(parseint("0x10", 16))", R"(error: cannot parse "0x10" as a base 16 integer)"},
      {R"(parseint("10", 63))", "error: base must be a whole number between 2 and 62 inclusive"},
      {R"(parseint("10", 1))", "error: base must be a whole number between 2 and 62 inclusive"},
  });
}

TEST_CASE("pow") {
  check_cases({{"pow(3, 2)", "9"}, {"pow(4, 0)", "1"}, {"pow(2, 0.5)", "1.4142135623730951"}, {"pow(2, -1)", "0.5"}});
}

TEST_CASE("signum") {
  check_cases({{"signum(-13)", "-1"}, {"signum(0)", "0"}, {"signum(344)", "1"}, {"signum(-0.5)", "error: value must be a whole number"}});
}

TEST_CASE("sum") {
  check_cases({
      {"sum([10, 13, 6, 4.5])", "33.5"},
      {"sum([1])", "1"},
      {"sum([])", "error: cannot sum an empty list"},
      {R"(sum(["a"]))", "error: "},
  });
}

}  // namespace kiln::hcl::test
