// String templates: literal text, interpolations, and the %{if} and %{for} directives.
#include <fmt/format.h>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {
namespace {

// "${x}" alone yields x's own value, not its string form.
bool wraps_one_expression(const TemplateExpr& t) {
  if (t.parts.size() != 1) return false;
  const auto& node = t.parts.front()->node;
  return !std::holds_alternative<LiteralExpr>(node) && !std::holds_alternative<TemplateIfExpr>(node) &&
         !std::holds_alternative<TemplateForExpr>(node);
}

}  // namespace

std::optional<std::string> Evaluator::template_part(const Expr& part, const Value& v) {
  if (v.is_null()) {
    fail(part.range, "Invalid template interpolation value",
         "The expression result is null. Cannot include a null value in a string template.");
    return std::nullopt;
  }
  std::string why;
  std::optional<Value> text = convert(v, Type::string(), why);
  if (!text) {
    fail(part.range, "Invalid template interpolation value",
         fmt::format("Cannot include the given value in a string template: {}.", why));
    return std::nullopt;
  }
  return text->is_known() ? std::optional<std::string>(text->as_string()) : std::nullopt;
}

Value Evaluator::operator()(const Expr&, const TemplateExpr& n) {
  if (wraps_one_expression(n)) return eval(*n.parts.front());
  return joined(n);
}

Value Evaluator::directive_body(const Expr& body) {
  if (auto* t = std::get_if<TemplateExpr>(&body.node)) return joined(*t);
  return eval(body);
}

Value Evaluator::joined(const TemplateExpr& n) {
  std::string out;
  bool known = true;
  for (const ExprPtr& part : n.parts) {
    Value v = eval(*part);
    if (!v.is_known()) {
      known = false;
      continue;
    }
    if (std::optional<std::string> text = template_part(*part, v)) out += *text;
  }
  if (!known) return Value::unknown(Type::string());
  return Value::string(std::move(out));
}

Value Evaluator::operator()(const Expr&, const TemplateIfExpr& n) {
  Value condition = eval(*n.condition);
  if (condition.is_null()) {
    fail(n.condition->range, "Null condition", "The condition value is null. Conditions must either be true or false.");
    return Value::unknown(Type::string());
  }
  if (!condition.is_known()) return Value::unknown(Type::string());
  std::string why;
  std::optional<Value> flag = convert(condition, Type::boolean(), why);
  if (!flag) {
    fail(n.condition->range, "Incorrect condition type", "The condition expression must be of type bool.");
    return Value::unknown(Type::string());
  }
  if (flag->as_bool()) return directive_body(*n.then_branch);
  if (n.else_branch) return directive_body(*n.else_branch);
  return Value::string("");
}

Value Evaluator::operator()(const Expr&, const TemplateForExpr& n) {
  std::string out;
  bool known = true;
  std::optional<Value> gave_up = for_each(n.key_var, n.value_var, *n.collection, [&](Evaluator& body) {
    Value v = body.directive_body(*n.body);
    if (v.is_null()) {
      body.fail(n.body->range, "Invalid template interpolation value",
                "An iteration result is null. Cannot include a null value in a string template.");
    } else if (!v.is_known()) {
      known = false;
    } else if (std::optional<std::string> text = body.template_part(*n.body, v)) {
      out += *text;
    }
  });
  if (gave_up || !known) return Value::unknown(Type::string());
  return Value::string(std::move(out));
}

}  // namespace kiln::hcl
