// HCL's types, as cty models them: primitives, collections of one element type, and structural types
// (tuples and objects) with a type per element or attribute. Dynamic is cty's DynamicPseudoType: in a
// type constraint it means "any type"; as a value's type it means "not known yet". Types are immutable
// and cheap to copy.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace kiln::hcl {

class Type {
 public:
  enum class Kind { Dynamic, String, Number, Bool, List, Set, Map, Tuple, Object };

  Type();  // dynamic
  static Type dynamic();
  static Type string();
  static Type number();
  static Type boolean();
  static Type list(Type element);
  static Type set(Type element);
  static Type map(Type element);
  static Type tuple(std::vector<Type> elements);
  // optional names attributes of `attributes` that a conversion may leave out (they become null);
  // only type constraints produce them.
  static Type object(std::map<std::string, Type> attributes, std::set<std::string> optional = {});

  Kind kind() const;
  bool is_dynamic() const { return kind() == Kind::Dynamic; }
  bool is_primitive() const;   // string, number, bool
  bool is_collection() const;  // list, set, map
  bool is_structural() const;  // tuple, object
  bool is_list_like() const;   // list, set, tuple: values with elements()

  // The element type of a list, set or map.
  const Type& element() const;
  // The element types of a tuple.
  const std::vector<Type>& elements() const;
  // The attribute types of an object, sorted by name.
  const std::map<std::string, Type>& attributes() const;
  const std::set<std::string>& optional_attributes() const;

  // True when Dynamic appears anywhere in the type.
  bool has_dynamic() const;

  // cty's FriendlyName: "string", "number", "bool", "dynamic", "list of string", "map of number",
  // "set of list of bool", "tuple", "object".
  std::string friendly_name() const;
  // cty's FriendlyNameForConstraint: as friendly_name, but Dynamic is "any type" and a collection
  // of it "list of any single type".
  std::string friendly_name_for_constraint() const;
  // The type as an HCL type expression: "string", "list(number)", "tuple([string, bool])",
  // "object({a=string, b=optional(number)})", "any".
  std::string str() const;

  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }

  struct Rep;

 private:
  explicit Type(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}
  std::shared_ptr<const Rep> rep_;
};

}  // namespace kiln::hcl
