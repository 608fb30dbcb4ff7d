// Table-driven tests of the function library: each case is an expression, evaluated with Packer's
// functions, and what it must give.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/eval.hpp"
#include "hcl/functions.hpp"
#include "hcl/parser.hpp"
#include "hcl/value.hpp"

namespace kiln::hcl::test {

// expected: the value as debug_string prints it, or "error: " followed by text that the first
// diagnostic's summary and detail must contain.
struct FunctionCase {
  std::string expression;
  std::string expected;
};

// The expression's value as debug_string prints it, or "error: SUMMARY; DETAIL" of its first diagnostic.
inline std::string evaluated(std::string_view expression, const FunctionTable& functions = packer_functions(),
                             const std::map<std::string, Value>& variables = {}) {
  ParsedExpr parsed = parse_expression(expression, "test.hcl");
  if (!parsed.expr || !parsed.diagnostics.empty())
    return "parse error: " + (parsed.diagnostics.empty() ? std::string("?") : parsed.diagnostics.front().str());
  EvalContext ctx;
  ctx.functions = &functions;
  ctx.variables = variables;
  Diagnostics diags;
  Value v = evaluate(*parsed.expr, ctx, diags);
  if (!diags.empty()) return "error: " + diags.front().summary + "; " + diags.front().detail;
  return debug_string(v);
}

inline void check_case(const FunctionCase& c, const std::string& actual) {
  CAPTURE(c.expression);
  if (c.expected.rfind("error: ", 0) == 0) {
    CAPTURE(actual);
    CHECK(actual.rfind("error: ", 0) == 0);
    CHECK(actual.find(c.expected.substr(7)) != std::string::npos);
  } else {
    CHECK(actual == c.expected);
  }
}

inline void check_cases(const std::vector<FunctionCase>& cases, const FunctionTable& functions = packer_functions(),
                        const std::map<std::string, Value>& variables = {}) {
  for (const FunctionCase& c : cases) check_case(c, evaluated(c.expression, functions, variables));
}

}  // namespace kiln::hcl::test
