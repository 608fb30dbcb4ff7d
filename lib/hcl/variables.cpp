// variables(): the references an expression makes to its enclosing scope, as hcl's Variables().
#include <set>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {
namespace {

// A literal index key: a number, or a string written without interpolation.
std::optional<Value> literal_key(const Expr& key) {
  if (auto* lit = std::get_if<LiteralExpr>(&key.node)) {
    if (lit->kind == LiteralExpr::Kind::Number)
      if (std::optional<Number> n = Number::parse(lit->text)) return Value::number(*n);
    if (lit->kind == LiteralExpr::Kind::String) return Value::string(lit->text);
    return std::nullopt;
  }
  if (auto* t = std::get_if<TemplateExpr>(&key.node)) {
    if (t->parts.empty()) return Value::string("");
    if (t->parts.size() == 1) return literal_key(*t->parts.front());
  }
  return std::nullopt;
}

// expr as root variable + literal steps, if it is one.
std::optional<Traversal> as_traversal(const Expr& expr) {
  if (auto* v = std::get_if<VariableExpr>(&expr.node)) return Traversal{v->name, {}, expr.range};
  if (auto* a = std::get_if<GetAttrExpr>(&expr.node)) {
    std::optional<Traversal> t = as_traversal(*a->object);
    if (!t) return std::nullopt;
    t->steps.push_back({TraversalStep::Kind::Attribute, a->name, {}, attribute_step_range(a->name, expr)});
    t->range = expr.range;
    return t;
  }
  if (auto* i = std::get_if<IndexExpr>(&expr.node)) {
    std::optional<Value> key = literal_key(*i->key);
    if (!key) return std::nullopt;
    std::optional<Traversal> t = as_traversal(*i->collection);
    if (!t) return std::nullopt;
    t->steps.push_back({TraversalStep::Kind::Index, "", *key, step_range(*i->collection, expr)});
    t->range = expr.range;
    return t;
  }
  return std::nullopt;
}

struct Collector {
  std::vector<Traversal>& out;

  void walk(const Expr& e, const std::set<std::string>& bound) {
    if (std::optional<Traversal> t = as_traversal(e)) {
      if (!bound.count(t->root)) out.push_back(std::move(*t));
      return;
    }
    std::visit([&](const auto& node) { children(node, bound); }, e.node);
  }

  void walk(const ExprPtr& e, const std::set<std::string>& bound) {
    if (e) walk(*e, bound);
  }

  static std::set<std::string> with(std::set<std::string> bound, const std::string& a, const std::string& b) {
    if (!a.empty()) bound.insert(a);
    bound.insert(b);
    return bound;
  }

  void children(const LiteralExpr&, const std::set<std::string>&) {}
  void children(const VariableExpr&, const std::set<std::string>&) {}
  void children(const SplatItemExpr&, const std::set<std::string>&) {}
  void children(const TemplateExpr& n, const std::set<std::string>& b) {
    for (const ExprPtr& p : n.parts) walk(p, b);
  }
  void children(const TemplateIfExpr& n, const std::set<std::string>& b) {
    walk(n.condition, b);
    walk(n.then_branch, b);
    walk(n.else_branch, b);
  }
  void children(const TemplateForExpr& n, const std::set<std::string>& b) {
    walk(n.collection, b);
    walk(n.body, with(b, n.key_var, n.value_var));
  }
  void children(const GetAttrExpr& n, const std::set<std::string>& b) { walk(n.object, b); }
  void children(const IndexExpr& n, const std::set<std::string>& b) {
    walk(n.collection, b);
    walk(n.key, b);
  }
  void children(const SplatExpr& n, const std::set<std::string>& b) {
    walk(n.source, b);
    walk(n.each, b);
  }
  void children(const CallExpr& n, const std::set<std::string>& b) {
    for (const ExprPtr& a : n.args) walk(a, b);
  }
  void children(const TupleExpr& n, const std::set<std::string>& b) {
    for (const ExprPtr& i : n.items) walk(i, b);
  }
  void children(const ObjectExpr& n, const std::set<std::string>& b) {
    for (const ObjectItem& item : n.items) {
      // A bare identifier key is a name, not a reference.
      walk(item.key, b);
      walk(item.value, b);
    }
  }
  void children(const ParensExpr& n, const std::set<std::string>& b) { walk(n.inner, b); }
  void children(const UnaryExpr& n, const std::set<std::string>& b) { walk(n.operand, b); }
  void children(const BinaryExpr& n, const std::set<std::string>& b) {
    walk(n.lhs, b);
    walk(n.rhs, b);
  }
  void children(const ConditionalExpr& n, const std::set<std::string>& b) {
    walk(n.condition, b);
    walk(n.if_true, b);
    walk(n.if_false, b);
  }
  void children(const ForExpr& n, const std::set<std::string>& b) {
    walk(n.collection, b);
    std::set<std::string> inner = with(b, n.key_var, n.value_var);
    walk(n.key, inner);
    walk(n.value, inner);
    walk(n.condition, inner);
  }
};

}  // namespace

std::vector<Traversal> variables(const Expr& expr) {
  std::vector<Traversal> out;
  Collector{out}.walk(expr, {});
  return out;
}

}  // namespace kiln::hcl
