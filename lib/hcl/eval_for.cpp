// for expressions: [for k, v in coll : value if cond] and {for k, v in coll : key => value... if cond}.
#include <fmt/format.h>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {

std::vector<std::pair<Value, Value>> iteration_pairs(const Value& collection) {
  std::vector<std::pair<Value, Value>> pairs;
  const Type& t = collection.type();
  if (t.kind() == Type::Kind::Set) {
    for (const Value& v : collection.elements()) pairs.emplace_back(v, v);
  } else if (t.is_list_like()) {
    for (size_t i = 0; i < collection.elements().size(); ++i)
      pairs.emplace_back(Value::number(static_cast<int64_t>(i)), collection.elements()[i]);
  } else {
    for (const auto& [key, v] : collection.attributes()) pairs.emplace_back(Value::string(key), v);
  }
  return pairs;
}

std::optional<Value> Evaluator::for_each(const std::string& key_var, const std::string& value_var,
                                         const Expr& collection, const std::function<void(Evaluator&)>& each) {
  Value source = eval(collection);
  if (source.is_null()) {
    return fail(collection.range, "Iteration over null value",
                "A null value cannot be used as the collection in a 'for' expression.");
  }
  const Type& t = source.type();
  if (t.is_dynamic()) return Value::unknown(Type::dynamic());
  if (!t.is_collection() && !t.is_structural()) {
    return fail(collection.range, "Iteration over non-iterable value",
                fmt::format("A value of type {} cannot be used as the collection in a 'for' expression.",
                            t.friendly_name()));
  }
  if (!source.is_known()) return Value::unknown(Type::dynamic());
  for (const auto& [key, value] : iteration_pairs(source)) {
    EvalContext scope;
    scope.parent = &ctx_;
    if (!key_var.empty()) scope.variables.emplace(key_var, key);
    scope.variables.emplace(value_var, value);
    Evaluator child(scope, diags_);
    each(child);
  }
  return std::nullopt;
}

Value Evaluator::operator()(const Expr&, const ForExpr& n) {
  bool known = true;
  std::vector<Value> items;                        // list form
  std::map<std::string, std::vector<Value>> groups;  // object form: values per key
  std::optional<Value> gave_up = for_each(n.key_var, n.value_var, *n.collection, [&](Evaluator& body) {
    if (n.condition) {
      bool failed = false;
      Value keep = body.eval_checked(*n.condition, failed);
      if (failed) {
        known = false;
        return;
      }
      if (keep.is_null()) {
        body.fail(n.condition->range, "Condition is null", "The value of the 'if' clause must not be null.");
        known = false;
        return;
      }
      std::string why;
      std::optional<Value> flag = convert(keep, Type::boolean(), why);
      if (!flag) {
        body.fail(n.condition->range, "Invalid 'for' condition",
                  fmt::format("The 'if' clause value is invalid: {}.", why));
        known = false;
        return;
      }
      if (!flag->is_known()) {
        known = false;
        return;
      }
      if (!flag->as_bool()) return;
    }
    if (!n.key) {
      items.push_back(body.eval(*n.value));
      return;
    }
    bool failed = false;
    Value key = body.eval_checked(*n.key, failed);
    Value value = body.eval(*n.value);
    if (failed) {
      known = false;
      return;
    }
    if (key.is_null()) {
      body.fail(n.key->range, "Invalid object key",
                "Key expression in 'for' expression must not produce a null value.");
      known = false;
      return;
    }
    std::string why;
    std::optional<Value> text = convert(key, Type::string(), why);
    if (!text) {
      body.fail(n.key->range, "Invalid object key",
                fmt::format("The key expression produced an invalid result: {}.", why));
      known = false;
      return;
    }
    if (!text->is_known()) {
      known = false;
      return;
    }
    const std::string& k = text->as_string();
    auto [it, fresh] = groups.try_emplace(k);
    if (!fresh && !n.grouping) {
      body.fail(n.key->range, "Duplicate object key",
                fmt::format("Two different items produced the key \"{}\" in this 'for' expression. If duplicates are "
                            "expected, use the ellipsis (...) after the value expression to enable grouping by key.",
                            k));
      known = false;
      return;
    }
    it->second.push_back(value);
  });
  if (gave_up) return *gave_up;
  if (!known) return Value::unknown(Type::dynamic());
  if (!n.key) return Value::tuple(std::move(items));
  std::map<std::string, Value> attributes;
  for (auto& [k, values] : groups)
    attributes.emplace(k, n.grouping ? Value::tuple(std::move(values)) : values.front());
  return Value::object(std::move(attributes));
}

}  // namespace kiln::hcl
