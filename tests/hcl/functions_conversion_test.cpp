// convert, try and can: functions that see their argument expressions before they are evaluated.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("try") {
  check_cases({
      {R"(try(jsondecode("{"), "fallback"))", R"("fallback")"},
      {R"(try(upper("a"), "x"))", R"("A")"},
      {R"(try(nope, "d"))", R"("d")"},
      {R"(try({a = 1}.b, {a = 1}.a))", "1"},
      {R"(try(nope))", "error: no expression succeeded"},
      {R"(try(nope, also_nope))", "error: At least one expression must produce a successful result"},
      {"try()", "error: at least one argument is required"},
  });
}

TEST_CASE("can") {
  check_cases({
      {R"(can(upper("a")))", "true"},
      {"can(nope)", "false"},
      {R"(can(regex("x", "y")))", "false"},
      {R"(can(regex("y", "y")))", "true"},
      {R"(can({a = 1}.b))", "false"},
  });
}

TEST_CASE("convert") {
  check_cases({
      {R"(convert(["a", "b"], list(string)))", R"(list["a", "b"])"},
      {R"(convert("5", number))", "5"},
      {R"(convert([1], set(string)))", R"(set["1"])"},
      {R"(convert({a = 1}, map(string)))", R"(map{a = "1"})"},
      {R"(convert("x", number))", R"(error: Invalid value for "value" parameter: a number is required)"},
      {R"(convert("x", nope))", "error: "},
  });
}

}  // namespace kiln::hcl::test
