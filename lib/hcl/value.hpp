// HCL's values, as cty models them: every value has a type and may be null or unknown (not known
// until later, e.g. a build's generated data); collections and structural values nest other values.
// Values are immutable and cheap to copy (a shared payload).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hcl/number.hpp"
#include "hcl/type.hpp"

namespace kiln::hcl {

class Value {
 public:
  Value();  // null of dynamic type

  static Value string(std::string s);
  static Value number(Number n);
  static Value number(int64_t i) { return number(Number::from_int64(i)); }
  static Value boolean(bool b);
  // The elements must already have element_type (or be null/unknown of it, or element_type is dynamic
  // and each element's own type is kept as is: cty's "list of dynamic" never holds differing types,
  // so callers convert first; convert.hpp's unify and convert do that).
  static Value list(std::vector<Value> elements, Type element_type);
  // Deduplicated (by raw_equal) and ordered as cty iterates sets: strings lexically by bytes, numbers
  // ascending, false before true, known before unknown, others in a consistent order of their own.
  static Value set(std::vector<Value> elements, Type element_type);
  static Value map(std::map<std::string, Value> elements, Type element_type);
  static Value tuple(std::vector<Value> elements);
  static Value object(std::map<std::string, Value> attributes);
  static Value null(Type type);
  static Value unknown(Type type);

  const Type& type() const;
  bool is_null() const;
  // This value itself is known; its elements may still be unknown (see is_wholly_known).
  bool is_known() const;
  // Known, and so is every element and attribute inside it, at any depth.
  bool is_wholly_known() const;

  // Accessors of known, non-null values of the matching kind (undefined behavior otherwise).
  const std::string& as_string() const;
  const Number& as_number() const;
  bool as_bool() const;
  // Lists, sets and tuples, in order.
  const std::vector<Value>& elements() const;
  // Maps and objects, sorted by key.
  const std::map<std::string, Value>& attributes() const;
  // Elements of a list, set or tuple, or entries of a map or object.
  size_t length() const;

  // cty's Equals: a bool value, unknown when either side is unknown (at any depth where it matters);
  // null equals only null; numbers compare by value; types must match for true, except that two
  // nulls are equal whatever their types.
  Value equals(const Value& other) const;
  // Same type, same nullness and knownness, same content: what sets deduplicate by.
  bool raw_equal(const Value& other) const;

  struct Rep;

 private:
  explicit Value(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}
  std::shared_ptr<const Rep> rep_;
};

// A compact one-line rendering for tests and diagnostics: "a" (quoted, escaped), 3.5, true,
// null(string), unknown(number), [1, "a"] (tuple), list[1, 2], set[1], {a = 1} (object), map{a = 1}.
// cty's set order: known before unknown, non-null before null, then strings by bytes, numbers by
// value, false before true; other types in an order that is consistent but carries no meaning.
// Values that are raw_equal sort alike.
bool set_less(const Value& a, const Value& b);

// The positions of the values raw_equal to none before them, in order (with unknowns_repeat, every
// unknown value is kept as well). Sorted in the set order first, each value is compared only with
// those that sort alike, not with every other.
std::vector<size_t> first_occurrences(const std::vector<Value>& values, bool unknowns_repeat);

std::string debug_string(const Value& value);

}  // namespace kiln::hcl
