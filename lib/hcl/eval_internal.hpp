// The evaluator's pieces, split by expression family across eval*.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hcl/convert.hpp"
#include "hcl/eval.hpp"

namespace kiln::hcl {

class Evaluator {
 public:
  Evaluator(const EvalContext& ctx, Diagnostics& diags) : ctx_(ctx), diags_(diags) {}

  Value eval(const Expr& e);

  // Each overload evaluates one kind of node; `e` is the node's Expr, for its range.
  Value operator()(const Expr& e, const LiteralExpr& n);
  Value operator()(const Expr& e, const TemplateExpr& n);
  Value operator()(const Expr& e, const TemplateIfExpr& n);
  Value operator()(const Expr& e, const TemplateForExpr& n);
  Value operator()(const Expr& e, const VariableExpr& n);
  Value operator()(const Expr& e, const GetAttrExpr& n);
  Value operator()(const Expr& e, const IndexExpr& n);
  Value operator()(const Expr& e, const SplatExpr& n);
  Value operator()(const Expr& e, const SplatItemExpr& n);
  Value operator()(const Expr& e, const CallExpr& n);
  Value operator()(const Expr& e, const TupleExpr& n);
  Value operator()(const Expr& e, const ObjectExpr& n);
  Value operator()(const Expr& e, const ParensExpr& n);
  Value operator()(const Expr& e, const UnaryExpr& n);
  Value operator()(const Expr& e, const BinaryExpr& n);
  Value operator()(const Expr& e, const ConditionalExpr& n);
  Value operator()(const Expr& e, const ForExpr& n);

 private:
  // Records a problem; the failing part becomes an unknown of Dynamic type.
  Value fail(const Range& at, std::string summary, std::string detail);
  // Evaluates e, telling whether it added errors.
  Value eval_checked(const Expr& e, bool& failed);
  // A template's parts joined into one string (unknown if any part is).
  Value joined(const TemplateExpr& t);
  // A directive's branch or body: always a string, even when it is a lone interpolation.
  Value directive_body(const Expr& body);
  // Converts a template part to the string it contributes; nullopt (and a diagnostic) if it can't.
  std::optional<std::string> template_part(const Expr& part, const Value& v);
  // Evaluates a for-expression's collection and calls `each` once per element with an evaluator whose
  // scope binds key_var (if not empty) and value_var. Nullopt when it iterated; otherwise the value
  // to give up with (the collection is unknown, null or not iterable: diagnosed).
  std::optional<Value> for_each(const std::string& key_var, const std::string& value_var, const Expr& collection,
                                const std::function<void(Evaluator&)>& each);

  const EvalContext& ctx_;
  Diagnostics& diags_;
  std::vector<Value> splat_items_;  // the element a splat's traversal is applied to, innermost last
};

// From the end of `before` to the end of `whole`: the ".name" or "[key]" step of a traversal.
Range step_range(const Expr& before, const Expr& whole);
// The ".name" at the end of `whole`.
Range attribute_step_range(const std::string& name, const Expr& whole);
Range range_between(const Range& from, const Range& to);

// hcl's GetAttr and Index operations with their diagnostics; a null `diags` result means success.
Value get_attr(const Value& v, const std::string& name, const Range& at, Diagnostics& diags);
Value index_value(const Value& collection, const Value& key, const Range& at, Diagnostics& diags);

// Pairs (key, value) of a collection to iterate over as for-expressions see it: indexes for sequences,
// the element itself as key for sets, string keys for maps and objects.
std::vector<std::pair<Value, Value>> iteration_pairs(const Value& collection);

}  // namespace kiln::hcl
