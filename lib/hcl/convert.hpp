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
// Number::str() form, string → number in Number::parse's grammar, string ↔ bool only for "true" and
// "false", bool → string. Tuples convert to lists and sets (elements unified when the element type
// is Dynamic), objects to maps, lists ↔ sets, collections and structures element by element.
// Nullopt when it cannot; `why` then says why as cty words it: "a number is required",
// "element 1: a string is required", "attribute \"x\" is required", "list of string required".
std::optional<Value> convert(const Value& value, const Type& want, std::string& why);

// The one type every one of `types` converts to without loss, as cty's unify: identical types are
// kept, primitives meet at string, structural types that agree unify element-wise (tuples → lists, objects
// → maps when their element types unify). Nullopt when there is none. Dynamic members make the
// result Dynamic.
std::optional<Type> unify(const std::vector<Type>& types);

// A type constraint written as an HCL expression: string, number, bool, any, list(T), set(T),
// map(T), tuple([T, …]), object({name = T, …}), optional(T) for an object's attribute.
// Problems are appended to diags ("Invalid type specification", …) and give Dynamic.
Type type_constraint(const Expr& expr, Diagnostics& diags);

}  // namespace kiln::hcl
