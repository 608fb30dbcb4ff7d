// Type expressions (`list(string)`, `object({a = number})`, …) as HCL's typeexpr extension reads them.
#include <fmt/format.h>

#include "hcl/convert.hpp"

namespace kiln::hcl {
namespace {

constexpr const char* invalid = "Invalid type specification";

struct Reader {
  bool constraint;  // `any` and optional(…) allowed
  Diagnostics& diags;

  Type fail(const Range& at, std::string detail) {
    diags.push_back({at, invalid, std::move(detail)});
    return Type::dynamic();
  }

  static std::string keyword(const Expr& e) {
    auto* v = std::get_if<VariableExpr>(&e.node);
    return v ? v->name : "";
  }

  Type read(const Expr& e) {
    std::string kw = keyword(e);
    if (kw == "bool") return Type::boolean();
    if (kw == "string") return Type::string();
    if (kw == "number") return Type::number();
    if (kw == "any") {
      if (constraint) return Type::dynamic();
      return fail(e.range, fmt::format("The keyword \"{}\" cannot be used in this type specification: an exact type "
                                       "is required.",
                                       kw));
    }
    if (kw == "list" || kw == "map" || kw == "set")
      return fail(e.range, element_arity(kw));
    if (kw == "object") return fail(e.range, object_arity);
    if (kw == "tuple") return fail(e.range, tuple_arity);
    if (!kw.empty()) return fail(e.range, fmt::format("The keyword \"{}\" is not a valid type specification.", kw));

    auto* call = std::get_if<CallExpr>(&e.node);
    if (!call)
      return fail(e.range,
                  "A type specification is either a primitive type keyword (bool, number, string) or a complex type "
                  "constructor call, like list(string).");
    const std::string& name = call->name;
    if (name == "bool" || name == "string" || name == "number")
      return fail(e.range, fmt::format("Primitive type keyword \"{}\" does not expect arguments.", name));
    if (name == "any" && constraint)
      return fail(e.range, fmt::format("Type constraint keyword \"{}\" does not expect arguments.", name));
    bool known = name == "list" || name == "set" || name == "map" || name == "object" || name == "tuple";
    if (known && call->args.size() != 1) {
      if (name == "object") return fail(e.range, object_arity);
      if (name == "tuple") return fail(e.range, tuple_arity);
      return fail(e.range, element_arity(name));
    }
    if (name == "list") return Type::list(read(*call->args[0]));
    if (name == "set") return Type::set(read(*call->args[0]));
    if (name == "map") return Type::map(read(*call->args[0]));
    if (name == "object") return object(*call->args[0]);
    if (name == "tuple") return tuple(*call->args[0]);
    if (name == "optional" && constraint)
      return fail(e.range, fmt::format("Keyword \"{}\" is valid only as a modifier for object type attributes.", name));
    return fail(e.range, fmt::format("Keyword \"{}\" is not a valid type constructor.", name));
  }

  Type object(const Expr& arg) {
    auto* obj = std::get_if<ObjectExpr>(&arg.node);
    if (!obj)
      return fail(arg.range,
                  "Object type constructor requires a map whose keys are attribute names and whose values are the "
                  "corresponding attribute types.");
    std::map<std::string, Type> attributes;
    std::set<std::string> optional;
    for (const ObjectItem& item : obj->items) {
      auto* key = std::get_if<LiteralExpr>(&item.key->node);
      if (!key || key->kind != LiteralExpr::Kind::String) {
        fail(item.key->range, "Object constructor map keys must be attribute names.");
        continue;
      }
      const Expr* type_expr = item.value.get();
      auto* call = std::get_if<CallExpr>(&type_expr->node);
      if (constraint && call && call->name == "optional") {
        if (call->args.size() != 1) {
          fail(type_expr->range, call->args.empty()
                                     ? "Optional attribute modifier requires the attribute type as its argument."
                                     : "Optional attribute modifier expects only one argument: the attribute type.");
          continue;
        }
        optional.insert(key->text);
        type_expr = call->args[0].get();
      }
      attributes[key->text] = read(*type_expr);
    }
    return Type::object(std::move(attributes), std::move(optional));
  }

  Type tuple(const Expr& arg) {
    auto* list = std::get_if<TupleExpr>(&arg.node);
    if (!list) return fail(arg.range, "Tuple type constructor requires a list of element types.");
    std::vector<Type> elements;
    for (const ExprPtr& item : list->items) elements.push_back(read(*item));
    return Type::tuple(std::move(elements));
  }

  static std::string element_arity(const std::string& constructor) {
    return fmt::format("The {} type constructor requires one argument specifying the element type.", constructor);
  }
  static constexpr const char* object_arity =
      "The object type constructor requires one argument specifying the attribute types and values as a map.";
  static constexpr const char* tuple_arity =
      "The tuple type constructor requires one argument specifying the element types as a list.";
};

}  // namespace

Type type_constraint(const Expr& expr, Diagnostics& diags) { return Reader{true, diags}.read(expr); }
Type exact_type(const Expr& expr, Diagnostics& diags) { return Reader{false, diags}.read(expr); }

}  // namespace kiln::hcl
