#include <doctest/doctest.h>

#include "eval_support.hpp"

using namespace kiln::hcl;
using kiln::hcl::test::Case;
using kiln::hcl::test::evaluated;

namespace {

void check_for_cases(std::initializer_list<Case> cases) {
  EvalContext ctx;
  ctx.variables["tags"] = Value::set({Value::string("b"), Value::string("a")}, Type::string());
  ctx.variables["later"] = Value::unknown(Type::list(Type::string()));
  ctx.variables["v"] = Value::string("outer");
  for (const Case& c : cases) {
    INFO(std::string(c.source));
    CHECK(evaluated(c.source, ctx) == c.expected);
  }
}

}  // namespace

// Values marked † were printed by Packer 1.6.6 (as JSON) for the same expression.
TEST_CASE("for expressions over every kind of collection") {
  check_for_cases({
      {"[for x in [1, 2] : x * 2]", "[2, 4]"},
      {"[for i, x in [\"a\", \"b\"] : \"${i}${x}\"]", "[\"0a\", \"1b\"]"},  // †
      {"[for x in {b = 1, a = 2} : x]", "[2, 1]"},                          // †
      {"[for k, x in {b = 1, a = 2} : k]", "[\"a\", \"b\"]"},
      {"[for k, x in tags : \"${k}=${x}\"]", "[\"a=a\", \"b=b\"]"},
      {"{for x in [\"b\", \"a\"] : x => upper(x) if x != \"b\"}", "x.hcl:1,29-37: Function calls not allowed; Functions may not be called here."},
      {"{for x in [\"b\", \"a\"] : x => \"${x}!\" if x != \"b\"}", "{a = \"a!\"}"},  // †
      {"{for i, x in [\"a\", \"b\", \"a\"] : x => i...}", "{a = [0, 2], b = [1]}"},  // †
      {"[for x in [] : x]", "[]"},
      {"[for x in [1] : v]", "[\"outer\"]"},
      {"[for v in [1] : v]", "[1]"},
      {"[for x in later : x]", "unknown(any)"},
      {"[for x in [1, 2] : x if x > later[0]]", "unknown(any)"},
  });
}

// Every detail here is the one Packer 1.6.6 reports for the same expression.
TEST_CASE("for expression errors") {
  check_for_cases({
      {"{for k, v in {a = 1, b = 1} : v => k}",
       "x.hcl:1,31-32: Duplicate object key; Two different items produced the key \"1\" in this 'for' expression. If "
       "duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key."},
      {"[for x in null : x]",
       "x.hcl:1,11-15: Iteration over null value; A null value cannot be used as the collection in a 'for' expression."},
      {"[for x in \"abc\" : x]",
       "x.hcl:1,11-16: Iteration over non-iterable value; A value of type string cannot be used as the collection in a "
       "'for' expression."},
      {"[for x in [1] : x if \"x\"]", "x.hcl:1,22-25: Invalid 'for' condition; The 'if' clause value is invalid: a bool is required."},
      {"[for x in [1] : x if null]", "x.hcl:1,22-26: Condition is null; The value of the 'if' clause must not be null."},
      {"{for x in [1] : null => x}",
       "x.hcl:1,17-21: Invalid object key; Key expression in 'for' expression must not produce a null value."},
      {"{for x in [1] : [x] => x}",
       "x.hcl:1,17-20: Invalid object key; The key expression produced an invalid result: string required."},
      {"[for x in [1] : y]", "x.hcl:1,17-18: Unknown variable; There is no variable named \"y\"."},
  });
}
