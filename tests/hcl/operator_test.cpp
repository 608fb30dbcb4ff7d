#include <doctest/doctest.h>

#include "eval_support.hpp"

using namespace kiln::hcl;
using kiln::hcl::test::Case;
using kiln::hcl::test::evaluated;

namespace {

EvalContext operator_scope() {
  EvalContext ctx;
  ctx.variables["later"] = Value::unknown(Type::number());
  ctx.variables["anything"] = Value::unknown(Type::dynamic());
  ctx.variables["nothing"] = Value::null(Type::string());
  ctx.variables["words"] = Value::list({Value::string("a")}, Type::string());
  return ctx;
}

void check_operator_cases(std::initializer_list<Case> cases) {
  EvalContext ctx = operator_scope();
  for (const Case& c : cases) {
    INFO(std::string(c.source));
    CHECK(evaluated(c.source, ctx) == c.expected);
  }
}

}  // namespace

// Values marked † were printed by Packer 1.6.6 for the same expression.
TEST_CASE("arithmetic, comparison and logic") {
  check_operator_cases({
      {"(1 + 2) * 3 % 4", "1"},  // †
      {"5 / 2", "2.5"},          // †
      {"-5 % -3", "-2"},         // †
      {"1 - -2", "3"},
      {"\"1\" + 2", "3"},  // †
      {"\"0.1\" * \"3\"", "0.3"},  // †
      {"-(2)", "-2"},
      {"1 / 0", "+Inf"},  // †
      {"5 % 0", "5"},     // †
      {"1e30 / 3",
       "333333333333333333333333333333.333333333333333333333333333333333333333333333333333333333333333333333333333333"
       "33333333333333333333333333333333333333333333335"},  // †
      {"00012", "12"},  // †
      {"1.0e0", "1"},   // †
      {"1 < \"2\"", "true"},  // †
      {"2 <= 2", "true"},
      {"3 > 10", "false"},
      {"3 >= 3.0", "true"},
      {"true && \"true\"", "true"},  // †
      {"true && false", "false"},
      {"false || true", "true"},
      {"!true", "false"},
      {"1 + later", "unknown(number)"},
      {"later > 1", "unknown(bool)"},
      {"!anything", "unknown(bool)"},
  });
}

TEST_CASE("equality compares any two values") {
  check_operator_cases({
      {"1 == \"1\"", "false"},  // †
      {"1 == null", "false"},   // †
      {"[1] == [1]", "true"},   // †
      {"1 == 1.0", "true"},
      {"\"a\" != \"b\"", "true"},
      {"null == null", "true"},
      {"nothing == null", "true"},
      {"words == null", "false"},
      {"{a = 1} == {a = 1}", "true"},
      {"{a = 1} == {a = 2}", "false"},
      {"[1, 2] == [1]", "false"},
      {"later == 1", "unknown(bool)"},
      {"later != 1", "unknown(bool)"},
      {"later == \"a\"", "false"},
      {"anything == 1", "unknown(bool)"},
      {"[later] == [1]", "unknown(bool)"},
  });
}

// Every detail here is the one Packer 1.6.6 reports for the same expression.
TEST_CASE("operator errors") {
  check_operator_cases({
      {"\"a\" + 1", "x.hcl:1,1-4: Invalid operand; Unsuitable value for left operand: a number is required."},
      {"1 + \"a\"", "x.hcl:1,5-8: Invalid operand; Unsuitable value for right operand: a number is required."},
      {"null + 1", "x.hcl:1,1-9: Operation failed; Error during operation: argument must not be null."},
      {"0 / 0",
       "x.hcl:1,1-6: Operation failed; Error during operation: can't divide zero by zero or infinity by infinity."},
      {"!\"x\"", "x.hcl:1,2-5: Invalid operand; Unsuitable value for unary operand: a bool is required."},
      {"-\"x\"", "x.hcl:1,2-5: Invalid operand; Unsuitable value for unary operand: a number is required."},
      {"1 && true", "x.hcl:1,1-2: Invalid operand; Unsuitable value for left operand: bool required."},
      {"words < 1", "x.hcl:1,1-6: Invalid operand; Unsuitable value for left operand: number required."},
      {"\"a\" + \"b\"",
       "x.hcl:1,1-4: Invalid operand; Unsuitable value for left operand: a number is required.\n"
       "x.hcl:1,7-10: Invalid operand; Unsuitable value for right operand: a number is required."},
  });
}

TEST_CASE("conditionals unify their results") {
  check_operator_cases({
      {"true ? 1 : 2", "1"},
      {"true ? \"a\" : 1", "\"a\""},  // †
      {"false ? \"a\" : 1", "\"1\""},
      {"true ? 1 : null", "1"},
      {"false ? 1 : null", "null(number)"},
      {"false ? {a = 1} : {b = 2}", "map{b = 2}"},  // † (as {"b":2})
      {"false ? [1] : [\"a\", \"b\"]", "list[\"a\", \"b\"]"},
      {"\"true\" ? 1 : 2", "1"},
      {"later > 0 ? \"a\" : \"b\"", "unknown(string)"},
      {"true ? 1 : nope", "1"},  // only the chosen result's problems count
      {"false ? 1 : nope", "x.hcl:1,13-17: Unknown variable; There is no variable named \"nope\"."},
      {"true ? 1 : [1]",
       "x.hcl:1,8-15: Inconsistent conditional result types; The true and false result expressions must have "
       "consistent types. The given expressions are number and tuple, respectively."},  // †
      {"null ? 1 : 2",
       "x.hcl:1,1-5: Null condition; The condition value is null. Conditions must either be true or false."},  // †
      {"1 ? 1 : 2", "x.hcl:1,1-2: Incorrect condition type; The condition expression must be of type bool."},
      {"true ? \"x\" : 1 + 1", "\"x\""},
  });
}
