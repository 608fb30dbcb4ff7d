// Small helpers shared by the function implementations in this folder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hcl/function.hpp"

namespace kiln::hcl::functions {

using Args = std::vector<Value>;

inline const Type kString = Type::string();
inline const Type kNumber = Type::number();
using Impl = std::function<Value(const Args&)>;

inline bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

inline Param param(std::string name, Type type) { return Param{std::move(name), std::move(type)}; }
inline Param nullable(std::string name, Type type) {
  Param p{std::move(name), std::move(type)};
  p.allow_null = true;
  return p;
}

// A function whose result type does not depend on its arguments.
inline Function fixed(std::vector<Param> params, Type result, Impl impl) {
  Function f;
  f.params = std::move(params);
  f.return_type = [result](const Args&) { return result; };
  f.impl = std::move(impl);
  return f;
}

// A variadic function: the params, then any number of `variadic`.
inline Function variadic(std::vector<Param> params, Param more, Type result, Impl impl) {
  Function f = fixed(std::move(params), std::move(result), std::move(impl));
  f.variadic = std::move(more);
  return f;
}

// impl, unless some argument holds an unknown value somewhere inside: then an unknown of `result`.
// For functions that look inside collections (the evaluator only makes sure the arguments themselves
// are known).
inline Impl when_wholly_known(Type result, Impl impl) {
  return [result = std::move(result), impl = std::move(impl)](const Args& args) {
    for (const Value& a : args)
      if (!a.is_wholly_known()) return Value::unknown(result);
    return impl(args);
  };
}

[[noreturn]] inline void fail(std::string message) { throw FunctionError{FunctionError::npos, std::move(message)}; }
[[noreturn]] inline void fail_arg(size_t arg, std::string message) { throw FunctionError{arg, std::move(message)}; }

inline Value text(std::string s) { return Value::string(std::move(s)); }

// The argument as a whole number in int64's range, or the FunctionError cty gives (gocty's).
int64_t integer_arg(const Args& args, size_t index);

// cty's strings (and so every length and offset) are counted in grapheme clusters.
size_t grapheme_count(const std::string& s);

// A list of `elements` converted to the one type they unify to (nullopt when there is none); an
// empty list has element_type_if_empty.
std::optional<Value> list_of(const std::vector<Value>& elements, const Type& element_type_if_empty);

// a.equals(b) for known values, as a C++ bool.
bool equal(const Value& a, const Value& b);

}  // namespace kiln::hcl::functions
