// Type conversion as cty's convert package does it, and HCL's type constraint expressions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hcl/ast.hpp"
#include "hcl/value.hpp"

namespace kiln::hcl {

// `value` converted to `want` (which may contain Dynamic: "any type" there). Null and unknown values
// convert to null/unknown of the wanted type. Primitives convert as cty does: number → string in
// Number::str() form, string → number in Number::parse's grammar, string → bool for "true", "false"
// and (as Packer 1.6.6's cty) "1" and "0", bool → string. Tuples convert to lists and sets (elements
// unified when the element type is Dynamic), objects to maps, maps to objects, lists ↔ sets,
// collections and structures element by element; an object loses attributes the wanted type lacks.
// Nullopt when it cannot; `why` then says why as cty words it: "a number is required" (a value that
// does not parse; no path), "element 1: string required" (types that cannot convert),
// "attribute \"x\" is required", "list of string required".
std::optional<Value> convert(const Value& value, const Type& want, std::string& why);

// Whether values of type `from` can convert to `to` at all, judged on the types (a value may still
// fail: "abc" to number).
bool can_convert(const Type& from, const Type& to);

// The one type all of `types` convert to, as cty's unify: maps (with objects) unify to a map of the
// unified element type, objects with the same attribute names and tuples of the same length unify
// element-wise (other objects to a map, other tuples to a list), otherwise the first of the given
// types (strings first) that all convert to. Dynamic members fit any result. Nullopt when there is none.
std::optional<Type> unify(const std::vector<Type>& types);

// An exact type written as an HCL expression, as Packer 1.6.6 reads a variable's `type`: as
// type_constraint, but `any` and `optional(…)` are errors.
Type exact_type(const Expr& expr, Diagnostics& diags);

// A type constraint written as an HCL expression: string, number, bool, any, list(T), set(T),
// map(T), tuple([T, …]), object({name = T, …}), optional(T) for an object's attribute.
// Problems are appended to diags ("Invalid type specification", …) and give Dynamic.
Type type_constraint(const Expr& expr, Diagnostics& diags);

}  // namespace kiln::hcl
