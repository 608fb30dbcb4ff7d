// Unary and binary operators: operands convert to the operator's parameter types first (so "1" + 2
// is 3), then the operation runs as cty's stdlib does it.
#include <fmt/format.h>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {
namespace {

struct Signature {
  Type operand;  // Dynamic: any value, null and unknown included
  Type result;
};

Signature signature(Operator op) {
  switch (op) {
    case Operator::Not:
    case Operator::And:
    case Operator::Or: return {Type::boolean(), Type::boolean()};
    case Operator::Equal:
    case Operator::NotEqual: return {Type::dynamic(), Type::boolean()};
    case Operator::Less:
    case Operator::LessEqual:
    case Operator::Greater:
    case Operator::GreaterEqual: return {Type::number(), Type::boolean()};
    default: return {Type::number(), Type::number()};
  }
}

// The operation on converted, known, non-null operands; nullopt with `error` set when it fails.
std::optional<Value> apply(Operator op, const Value& a, const Value& b, std::string& error) {
  auto num = [](const Value& v) { return v.as_number(); };
  switch (op) {
    case Operator::Not: return Value::boolean(!a.as_bool());
    case Operator::Negate: return Value::number(-num(a));
    case Operator::And: return Value::boolean(a.as_bool() && b.as_bool());
    case Operator::Or: return Value::boolean(a.as_bool() || b.as_bool());
    case Operator::Add: return Value::number(num(a) + num(b));
    case Operator::Subtract: return Value::number(num(a) - num(b));
    case Operator::Multiply: return Value::number(num(a) * num(b));
    case Operator::Divide: {
      std::optional<Number> q = num(a).divide(num(b));
      if (!q) error = "can't divide zero by zero or infinity by infinity";
      return q ? std::optional<Value>(Value::number(*q)) : std::nullopt;
    }
    case Operator::Modulo: {
      std::optional<Number> r = num(a).modulo(num(b));
      if (!r) error = "can't use modulo with zero and infinity";
      return r ? std::optional<Value>(Value::number(*r)) : std::nullopt;
    }
    case Operator::Less: return Value::boolean(num(a).compare(num(b)) < 0);
    case Operator::LessEqual: return Value::boolean(num(a).compare(num(b)) <= 0);
    case Operator::Greater: return Value::boolean(num(a).compare(num(b)) > 0);
    case Operator::GreaterEqual: return Value::boolean(num(a).compare(num(b)) >= 0);
    case Operator::Equal:
    case Operator::NotEqual: break;
  }
  return std::nullopt;
}

}  // namespace

Value Evaluator::operator()(const Expr& e, const UnaryExpr& n) {
  Signature sig = signature(n.op);
  Value given = eval(*n.operand);
  std::string why;
  std::optional<Value> operand = convert(given, sig.operand, why);
  if (!operand) {
    fail(n.operand->range, "Invalid operand", fmt::format("Unsuitable value for unary operand: {}.", why));
    return Value::unknown(sig.result);
  }
  if (operand->is_null()) {
    fail(e.range, "Operation failed", "Error during operation: argument must not be null.");
    return Value::unknown(sig.result);
  }
  if (!operand->is_known()) return Value::unknown(sig.result);
  std::string error;
  return *apply(n.op, *operand, *operand, error);
}

Value Evaluator::operator()(const Expr& e, const BinaryExpr& n) {
  Signature sig = signature(n.op);
  size_t before = diags_.size();
  Value lhs_given = eval(*n.lhs);
  Value rhs_given = eval(*n.rhs);
  std::string why;
  std::optional<Value> lhs = convert(lhs_given, sig.operand, why);
  if (!lhs) fail(n.lhs->range, "Invalid operand", fmt::format("Unsuitable value for left operand: {}.", why));
  std::optional<Value> rhs = convert(rhs_given, sig.operand, why);
  if (!rhs) fail(n.rhs->range, "Invalid operand", fmt::format("Unsuitable value for right operand: {}.", why));
  if (diags_.size() > before) return Value::unknown(sig.result);

  if (n.op == Operator::Equal || n.op == Operator::NotEqual) {
    Value eq = lhs->equals(*rhs);
    if (n.op == Operator::Equal || !eq.is_known()) return eq;
    return Value::boolean(!eq.as_bool());
  }
  if (lhs->is_null() || rhs->is_null()) {
    fail(e.range, "Operation failed", "Error during operation: argument must not be null.");
    return Value::unknown(sig.result);
  }
  if (!lhs->is_known() || !rhs->is_known()) return Value::unknown(sig.result);
  std::string error;
  std::optional<Value> result = apply(n.op, *lhs, *rhs, error);
  if (!result) {
    fail(e.range, "Operation failed", fmt::format("Error during operation: {}.", error));
    return Value::unknown(sig.result);
  }
  return *result;
}

}  // namespace kiln::hcl
