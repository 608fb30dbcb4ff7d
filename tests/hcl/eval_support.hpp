// What the evaluator tests share: evaluating expression text and printing the outcome.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "hcl/eval.hpp"
#include "hcl/parser.hpp"

namespace kiln::hcl::test {

// The value of `source` in ctx (debug_string form), or its diagnostics, one per line.
inline std::string evaluated(const std::string& source, const EvalContext& ctx) {
  ParsedExpr p = parse_expression(source, "x.hcl");
  std::string out;
  for (const Diagnostic& d : p.diagnostics) out += d.str() + "\n";
  if (!p.expr) return out + "<no expression>";
  if (!out.empty()) return "parse: " + out;
  Diagnostics diags;
  Value v = evaluate(*p.expr, ctx, diags);
  for (const Diagnostic& d : diags) out += (out.empty() ? "" : "\n") + d.str();
  return out.empty() ? debug_string(v) : out;
}

struct Case {
  const char* source;
  const char* expected;
};

}  // namespace kiln::hcl::test
