// Type conversion functions: convert, and try and can, which see their arguments unevaluated.
#include "hcl/convert.hpp"
#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {

// A lazy function: the evaluator hands over the argument expressions instead of their values.
Function lazy(std::vector<std::string> params, std::function<Value(const std::vector<const Expr*>&, const ArgEvaluator&)> body,
              bool variadic_args) {
  Function f;
  for (std::string& name : params) f.params.push_back(nullable(std::move(name), Type::dynamic()));
  if (variadic_args) f.variadic = nullable("expressions", Type::dynamic());
  f.lazy = std::move(body);
  return f;
}

Value try_each(const std::vector<const Expr*>& exprs, const ArgEvaluator& evaluate) {
  if (exprs.empty()) fail("at least one argument is required");
  Diagnostics failures;
  for (const Expr* expr : exprs) {
    Diagnostics diags;
    Value v = evaluate(*expr, diags);
    if (diags.empty()) {
      // Unknown parts could still fail once known, so the outcome is not known yet either.
      if (!v.is_wholly_known()) return Value::unknown(Type::dynamic());
      return v;
    }
    failures.insert(failures.end(), diags.begin(), diags.end());
  }
  std::string message = "no expression succeeded:\n";
  for (const Diagnostic& d : failures) {
    message += "- " + d.summary;
    if (!d.subject.file.empty() || d.subject.start.line > 0) message += " (at " + d.subject.str() + ")";
    message += "\n  " + d.detail + "\n";
  }
  fail(message + "\nAt least one expression must produce a successful result");
}

Value can_evaluate(const std::vector<const Expr*>& exprs, const ArgEvaluator& evaluate) {
  Diagnostics diags;
  Value v = evaluate(*exprs[0], diags);
  if (!diags.empty()) return Value::boolean(false);
  if (!v.is_wholly_known()) return Value::unknown(Type::boolean());
  return Value::boolean(true);
}

Value convert_to(const std::vector<const Expr*>& exprs, const ArgEvaluator& evaluate) {
  Diagnostics diags;
  Value v = evaluate(*exprs[0], diags);
  if (!diags.empty()) fail_arg(0, diags.front().summary + "; " + diags.front().detail);
  Diagnostics type_diags;
  Type want = type_constraint(*exprs[1], type_diags);
  if (!type_diags.empty()) fail_arg(1, type_diags.front().summary + "; " + type_diags.front().detail);
  std::string why;
  std::optional<Value> converted = convert(v, want, why);
  if (!converted) fail_arg(0, why);
  return *converted;
}

}  // namespace

void add_conversion_functions(FunctionTable& table) {
  table["try"] = lazy({}, try_each, true);
  table["can"] = lazy({"expression"}, can_evaluate, false);
  table["convert"] = lazy({"value", "type"}, convert_to, false);
}

}  // namespace kiln::hcl::functions
