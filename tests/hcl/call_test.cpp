#include <doctest/doctest.h>

#include <algorithm>

#include "eval_support.hpp"

using namespace kiln::hcl;
using kiln::hcl::test::Case;
using kiln::hcl::test::evaluated;

namespace {

// A small function table exercising each part of the contract.
FunctionTable table() {
  FunctionTable t;
  t["upper"] = Function{{{"str", Type::string()}}, std::nullopt, [](const auto&) { return Type::string(); },
                        [](const std::vector<Value>& args) {
                          std::string s = args[0].as_string();
                          std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
                          return Value::string(s);
                        },
                        {}};
  t["sum"] = Function{{}, Param{"numbers", Type::number()}, [](const auto&) { return Type::number(); },
                      [](const std::vector<Value>& args) {
                        Number total;
                        for (const Value& a : args) total = total + a.as_number();
                        return Value::number(total);
                      },
                      {}};
  t["describe"] = Function{{{"value", Type::dynamic(), true, true}}, std::nullopt, {},
                           [](const std::vector<Value>& args) { return Value::string(debug_string(args[0])); }, {}};
  t["positive"] = Function{{{"n", Type::number()}}, std::nullopt, {},
                           [](const std::vector<Value>& args) -> Value {
                             if (args[0].as_number().is_zero()) throw FunctionError{FunctionError::npos, "zero is neither"};
                             if (args[0].as_number().is_negative()) throw FunctionError{0, "must be positive"};
                             return args[0];
                           },
                           {}};
  // try() in miniature: the first argument that evaluates without problems.
  t["first_ok"] = Function{{}, Param{"expressions", Type::dynamic()}, {}, {},
                           [](const std::vector<const Expr*>& args, const ArgEvaluator& evaluate) -> Value {
                             for (const Expr* a : args) {
                               Diagnostics diags;
                               Value v = evaluate(*a, diags);
                               if (diags.empty()) return v;
                             }
                             throw FunctionError{FunctionError::npos, "no expression succeeded"};
                           }};
  return t;
}

void check_call_cases(std::initializer_list<Case> cases) {
  FunctionTable functions = table();
  EvalContext root;
  root.functions = &functions;
  root.variables["later"] = Value::unknown(Type::string());
  root.variables["nums"] = Value::list({Value::number(1), Value::number(2)}, Type::number());
  EvalContext ctx;  // functions are found through the parent chain
  ctx.parent = &root;
  for (const Case& c : cases) {
    INFO(std::string(c.source));
    CHECK(evaluated(c.source, ctx) == c.expected);
  }
}

}  // namespace

TEST_CASE("calls convert arguments, expand lists and pass unknowns through") {
  check_call_cases({
      {"upper(\"abc\")", "\"ABC\""},
      {"upper(12)", "\"12\""},
      {"sum()", "0"},
      {"sum(1, \"2\", 3.5)", "6.5"},
      {"sum(nums...)", "3"},
      {"sum(1, nums...)", "4"},
      {"sum([]...)", "0"},
      {"upper(later)", "unknown(string)"},
      {"positive(later)", "unknown(any)"},
      {"describe(later)", "\"unknown(string)\""},
      {"describe(null)", "\"null(any)\""},
      {"first_ok(nope, \"fallback\")", "\"fallback\""},
      {"first_ok(1, nope)", "1"},
  });
}

// The call errors Packer 1.6.6 reports with these details (for its upper and join) are marked †.
TEST_CASE("call errors") {
  check_call_cases({
      {"nope(1)", "x.hcl:1,1-8: Call to unknown function; There is no function named \"nope\"."},
      {"upper()",
       "x.hcl:1,7-8: Not enough function arguments; Function \"upper\" expects 1 argument(s). Missing value for "
       "\"str\"."},  // †
      {"upper(\"a\", \"b\")",
       "x.hcl:1,12-15: Too many function arguments; Function \"upper\" expects only 1 argument(s)."},  // †
      {"upper([1])", "x.hcl:1,7-10: Invalid function argument; Invalid value for \"str\" parameter: string required."},  // †
      {"upper(null)",
       "x.hcl:1,7-11: Invalid function argument; Invalid value for \"str\" parameter: argument must not be null."},
      {"sum(1, \"x\")",
       "x.hcl:1,8-11: Invalid function argument; Invalid value for \"numbers\" parameter: a number is required."},
      {"sum(null...)",
       "x.hcl:1,5-9: Invalid expanding argument value; The expanding argument (indicated by ...) must not be null."},  // †
      {"sum(\"a\"...)",
       "x.hcl:1,5-8: Invalid expanding argument value; The expanding argument (indicated by ...) must be of a tuple, "
       "list, or set type."},  // †
      {"positive(-1)", "x.hcl:1,10-12: Invalid function argument; Invalid value for \"n\" parameter: must be positive."},
      {"positive(0)", "x.hcl:1,1-12: Error in function call; Call to function \"positive\" failed: zero is neither."},
      {"first_ok(nope)", "x.hcl:1,1-15: Error in function call; Call to function \"first_ok\" failed: no expression succeeded."},
      {"upper(nope)", "x.hcl:1,7-11: Unknown variable; There is no variable named \"nope\"."},
  });
  EvalContext bare;
  CHECK(evaluated("upper(\"a\")", bare) == "x.hcl:1,1-11: Function calls not allowed; Functions may not be called here.");
}
