#include "hcl/eval.hpp"

#include <fmt/format.h>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {

const Value* EvalContext::find_variable(const std::string& name) const {
  for (const EvalContext* c = this; c; c = c->parent) {
    auto it = c->variables.find(name);
    if (it != c->variables.end()) return &it->second;
  }
  return nullptr;
}

const Function* EvalContext::find_function(const std::string& name) const {
  for (const EvalContext* c = this; c; c = c->parent) {
    if (!c->functions) continue;
    auto it = c->functions->find(name);
    if (it != c->functions->end()) return &it->second;
  }
  return nullptr;
}

Value evaluate(const Expr& expr, const EvalContext& ctx, Diagnostics& diags) {
  return Evaluator(ctx, diags).eval(expr);
}

Range range_between(const Range& from, const Range& to) { return Range{from.file, from.start, to.end}; }

Range step_range(const Expr& before, const Expr& whole) {
  return Range{whole.range.file, before.range.end, whole.range.end};
}

Range attribute_step_range(const std::string& name, const Expr& whole) {
  Range r = whole.range;
  r.start = r.end;
  int chars = 1;  // the dot
  for (unsigned char c : name) chars += (c & 0xC0) != 0x80;
  r.start.column -= chars;
  r.start.byte -= name.size() + 1;
  return r;
}

Value Evaluator::eval(const Expr& e) {
  return std::visit([&](const auto& node) { return (*this)(e, node); }, e.node);
}

Value Evaluator::fail(const Range& at, std::string summary, std::string detail) {
  diags_.push_back({at, std::move(summary), std::move(detail)});
  return Value::unknown(Type::dynamic());
}

Value Evaluator::eval_checked(const Expr& e, bool& failed) {
  size_t before = diags_.size();
  Value v = eval(e);
  failed = diags_.size() > before;
  return v;
}

Value Evaluator::operator()(const Expr& e, const LiteralExpr& n) {
  switch (n.kind) {
    case LiteralExpr::Kind::Null: return Value::null(Type::dynamic());
    case LiteralExpr::Kind::Bool: return Value::boolean(n.boolean);
    case LiteralExpr::Kind::String: return Value::string(n.text);
    case LiteralExpr::Kind::Number: break;
  }
  if (std::optional<Number> num = Number::parse(n.text)) return Value::number(*num);
  return fail(e.range, "Invalid number literal", "Failed to recognize the value of this number literal.");
}

Value Evaluator::operator()(const Expr& e, const VariableExpr& n) {
  if (const Value* v = ctx_.find_variable(n.name)) return *v;
  // A context with no variables at all is HCL's nil one: where Packer reads constants only.
  bool any_variables = false;
  for (const EvalContext* c = &ctx_; c; c = c->parent) any_variables = any_variables || !c->variables.empty();
  if (!any_variables) return fail(e.range, "Variables not allowed", "Variables may not be used here.");
  return fail(e.range, "Unknown variable", fmt::format("There is no variable named \"{}\".", n.name));
}

Value Evaluator::operator()(const Expr&, const ParensExpr& n) { return eval(*n.inner); }

Value Evaluator::operator()(const Expr&, const TupleExpr& n) {
  std::vector<Value> items;
  for (const ExprPtr& item : n.items) items.push_back(eval(*item));
  return Value::tuple(std::move(items));
}

Value Evaluator::operator()(const Expr&, const ObjectExpr& n) {
  std::map<std::string, Value> attributes;
  std::map<std::string, Range> key_ranges;  // for unique_keys
  bool known = true;
  for (const ObjectItem& item : n.items) {
    bool key_failed = false;
    Value key = eval_checked(*item.key, key_failed);
    Value value = eval(*item.value);
    if (key_failed) {
      known = false;
      continue;
    }
    if (key.is_null()) {
      fail(item.value->range, "Null value as key", "Can't use a null value as a key.");
      known = false;
      continue;
    }
    std::string why;
    std::optional<Value> text = convert(key, Type::string(), why);
    if (!text) {
      fail(item.key->range, "Incorrect key type", fmt::format("Can't use this value as a key: {}.", why));
      known = false;
      continue;
    }
    if (!text->is_known()) {
      known = false;
      continue;
    }
    if (n.unique_keys) {
      auto [first, fresh] = key_ranges.emplace(text->as_string(), item.key->range);
      if (!fresh) {
        fail(item.key->range, "Duplicate object attribute",
             fmt::format("An attribute named \"{}\" was already defined at {}.", text->as_string(), first->second.str()));
        known = false;
        continue;
      }
    }
    attributes.insert_or_assign(text->as_string(), value);
  }
  if (!known) return Value::unknown(Type::dynamic());
  return Value::object(std::move(attributes));
}

Value Evaluator::operator()(const Expr& e, const ConditionalExpr& n) {
  Diagnostics true_diags, false_diags;
  Value if_true = evaluate(*n.if_true, ctx_, true_diags);
  Value if_false = evaluate(*n.if_false, ctx_, false_diags);
  auto is_bare_null = [](const Value& v) { return v.is_null() && v.type().is_dynamic(); };
  std::optional<Type> type;
  if (is_bare_null(if_true)) type = if_false.type();
  else if (is_bare_null(if_false)) type = if_true.type();
  else if (if_true.type().is_dynamic() || if_false.type().is_dynamic()) type = Type::dynamic();
  else type = unify({if_true.type(), if_false.type()});
  if (!type) {
    return fail(range_between(n.if_true->range, n.if_false->range), "Inconsistent conditional result types",
                fmt::format("The true and false result expressions must have consistent types. The given expressions "
                            "are {} and {}, respectively.",
                            if_true.type().friendly_name(), if_false.type().friendly_name()));
  }
  Value condition = eval(*n.condition);
  if (condition.is_null()) {
    fail(n.condition->range, "Null condition", "The condition value is null. Conditions must either be true or false.");
    return Value::unknown(*type);
  }
  if (!condition.is_known()) return Value::unknown(*type);
  std::string why;
  std::optional<Value> flag = convert(condition, Type::boolean(), why);
  if (!flag) {
    fail(n.condition->range, "Incorrect condition type", "The condition expression must be of type bool.");
    return Value::unknown(*type);
  }
  bool chose_true = flag->as_bool();
  Diagnostics& chosen_diags = chose_true ? true_diags : false_diags;
  diags_.insert(diags_.end(), chosen_diags.begin(), chosen_diags.end());
  const Value& chosen = chose_true ? if_true : if_false;
  std::optional<Value> result = convert(chosen, *type, why);
  if (!result) {
    fail(e.range, "Inconsistent conditional result types",
         fmt::format("The {} result value has the wrong type: {}.", chose_true ? "true" : "false", why));
    return Value::unknown(*type);
  }
  return *result;
}

}  // namespace kiln::hcl
