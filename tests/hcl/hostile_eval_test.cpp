#include <doctest/doctest.h>

#include <string>

#include "hcl/eval.hpp"
#include "hcl/parser.hpp"

using namespace kiln::hcl;

namespace {

const char* const sources[] = {
    "[for k, v in {a = [1, 2], b = []} : \"${k}=${length(v)}\" if k != \"x\"]",
    "{for i, x in [\"a\", \"b\", \"a\"] : x => i... if i >= 0}",
    "var.servers[*].ports[0] == [80, 443] ? \"%{for s in var.names}${upper(s)}%{endfor}\" : null",
    "(1 + 2 * -3) / 4 % 5 < 6 && !false || \"1\" == 1",
    "{a = var.names[1], \"b\" = [var.n.x, 0.5e1], (var.names[0]) = {c = null}}.a",
    "<<EOT\n%{if var.n > 1}yes${var.names[0]}%{else}no%{endif}\nEOT",
    "sum([1, 2]...) + sum(var.nums...) * 1e300 / 3e-300",
    "var.names.*.x[0][\"y\"].z",
};

EvalContext hostile_scope(const FunctionTable& functions) {
  EvalContext ctx;
  ctx.functions = &functions;
  ctx.variables["var"] = Value::object({
      {"names", Value::list({Value::string("a"), Value::string("b")}, Type::string())},
      {"n", Value::number(3)},
      {"nums", Value::tuple({Value::number(1), Value::string("2")})},
      {"servers", Value::tuple({Value::object({{"ports", Value::tuple({Value::number(80)})}})})},
  });
  return ctx;
}

FunctionTable functions() {
  FunctionTable t;
  t["length"] = Function{{{"v", Type::dynamic()}}, std::nullopt, {},
                         [](const std::vector<Value>& a) { return Value::number(static_cast<int64_t>(a[0].length())); },
                         {}};
  t["upper"] = Function{{{"s", Type::string()}}, std::nullopt, {}, [](const std::vector<Value>& a) { return a[0]; }, {}};
  t["sum"] = Function{{}, Param{"n", Type::number()}, {},
                      [](const std::vector<Value>& a) {
                        Number total;
                        for (const Value& v : a) total = total + v.as_number();
                        return Value::number(total);
                      },
                      {}};
  return t;
}

// Evaluates whatever parses; with every variable known, an unknown result must come with a diagnostic.
void evaluate_if_it_parses(const std::string& text, const EvalContext& ctx) {
  ParsedExpr p = parse_expression(text, "h.hcl");
  if (!p.expr) return;
  Diagnostics diags;
  Value v = evaluate(*p.expr, ctx, diags);
  INFO(text);
  CHECK((!diags.empty() || v.is_wholly_known()));
  for (const Diagnostic& d : diags) CHECK_FALSE(d.summary.empty());
}

}  // namespace

TEST_CASE("every truncation and every one-character deletion evaluates or reports, never crashes") {
  FunctionTable table = functions();
  EvalContext ctx = hostile_scope(table);
  for (const std::string source : sources) {
    for (size_t n = 0; n <= source.size(); ++n) evaluate_if_it_parses(source.substr(0, n), ctx);
    for (size_t i = 0; i < source.size(); ++i) evaluate_if_it_parses(source.substr(0, i) + source.substr(i + 1), ctx);
  }
}
