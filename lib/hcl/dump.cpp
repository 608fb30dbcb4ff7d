#include "hcl/dump.hpp"

#include <fmt/format.h>

#include "hcl/quote.hpp"

namespace kiln::hcl {
namespace {

// Names of for-expression variables: "k v", or just "v".
std::string vars(const std::string& key, const std::string& value) { return key.empty() ? value : key + " " + value; }

std::string list(const std::vector<ExprPtr>& items) {
  std::string out;
  for (const ExprPtr& item : items) out += " " + dump(*item);
  return out;
}

struct Dumper {
  std::string operator()(const LiteralExpr& e) const {
    switch (e.kind) {
      case LiteralExpr::Kind::Null: return "null";
      case LiteralExpr::Kind::Bool: return e.boolean ? "true" : "false";
      case LiteralExpr::Kind::Number: return e.text;
      case LiteralExpr::Kind::String: return quote(e.text);
    }
    return {};
  }
  std::string operator()(const TemplateExpr& e) const { return "(template" + list(e.parts) + ")"; }
  std::string operator()(const TemplateIfExpr& e) const {
    std::string out = "(if " + dump(*e.condition) + " " + dump(*e.then_branch);
    if (e.else_branch) out += " " + dump(*e.else_branch);
    return out + ")";
  }
  std::string operator()(const TemplateForExpr& e) const {
    return fmt::format("(for-each {} in {} {})", vars(e.key_var, e.value_var), dump(*e.collection), dump(*e.body));
  }
  std::string operator()(const VariableExpr& e) const { return e.name; }
  std::string operator()(const GetAttrExpr& e) const { return fmt::format("(. {} {})", dump(*e.object), e.name); }
  std::string operator()(const IndexExpr& e) const {
    return fmt::format("([] {} {})", dump(*e.collection), dump(*e.key));
  }
  std::string operator()(const SplatExpr& e) const {
    return fmt::format("({} {} {})", e.full ? "[*]" : ".*", dump(*e.source), dump(*e.each));
  }
  std::string operator()(const SplatItemExpr&) const { return "_"; }
  std::string operator()(const CallExpr& e) const {
    return "(call " + e.name + list(e.args) + (e.expand_final ? "...)" : ")");
  }
  std::string operator()(const TupleExpr& e) const { return "(tuple" + list(e.items) + ")"; }
  std::string operator()(const ObjectExpr& e) const {
    std::string out = "(object";
    for (const ObjectItem& item : e.items) out += " (" + dump(*item.key) + " " + dump(*item.value) + ")";
    return out + ")";
  }
  std::string operator()(const ParensExpr& e) const { return "(paren " + dump(*e.inner) + ")"; }
  std::string operator()(const UnaryExpr& e) const {
    return fmt::format("({} {})", operator_symbol(e.op), dump(*e.operand));
  }
  std::string operator()(const BinaryExpr& e) const {
    return fmt::format("({} {} {})", operator_symbol(e.op), dump(*e.lhs), dump(*e.rhs));
  }
  std::string operator()(const ConditionalExpr& e) const {
    return fmt::format("(? {} {} {})", dump(*e.condition), dump(*e.if_true), dump(*e.if_false));
  }
  std::string operator()(const ForExpr& e) const {
    std::string out = fmt::format("(for {} in {} :", vars(e.key_var, e.value_var), dump(*e.collection));
    if (e.key) out += " " + dump(*e.key) + " =>";
    out += " " + dump(*e.value);
    if (e.grouping) out += "...";
    if (e.condition) out += " if " + dump(*e.condition);
    return out + ")";
  }
};

}  // namespace

std::string dump(const Expr& expr) { return std::visit(Dumper{}, expr.node); }

std::string dump(const Body& body) {
  std::string out = "(body";
  for (const Attribute& a : body.attributes) out += " (" + a.name + " " + dump(*a.expr) + ")";
  for (const Block& b : body.blocks) {
    out += " (block " + b.type;
    for (const std::string& label : b.labels) out += " " + quote(label);
    out += " " + dump(b.body) + ")";
  }
  return out + ")";
}

}  // namespace kiln::hcl
