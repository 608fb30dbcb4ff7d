// The contract between the evaluator and the functions it calls (lib/hcl/functions/ implements them,
// the Packer layer registers them in an EvalContext).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hcl/ast.hpp"
#include "hcl/value.hpp"

namespace kiln::hcl {

struct Param {
  std::string name;  // named in "Invalid value for \"name\" parameter: …"
  Type type;         // the evaluator converts the argument to it first; Dynamic: as is
  bool allow_null = false;     // otherwise a null argument is an error
  bool allow_unknown = false;  // otherwise an unknown argument makes the result unknown without a call
};

// Thrown by Function::impl or Function::return_type. arg is the index of the argument at fault (for
// variadic arguments, their index in the call), or npos for the call as a whole.
struct FunctionError {
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t arg = npos;
  std::string message;
};

// Evaluates one expression of a call's arguments in the caller's scope; problems go to diags.
using ArgEvaluator = std::function<Value(const Expr&, Diagnostics& diags)>;

struct Function {
  std::vector<Param> params;
  std::optional<Param> variadic;  // takes any number (zero or more) of further arguments
  // The result's type for these (converted) arguments, some of which may be unknown; used for the
  // unknown result when an argument is unknown. Empty: Dynamic.
  std::function<Type(const std::vector<Value>& args)> return_type;
  // The call, with arguments converted to the parameter types, known (unless allowed; a known list or
  // object may still hold unknown elements: check is_wholly_known where it matters) and non-null
  // (unless allowed). Throws FunctionError on bad input.
  std::function<Value(const std::vector<Value>& args)> impl;
  // For functions that see their arguments unevaluated (try, can): when set, the evaluator calls it
  // instead of impl, with the argument expressions and a way to evaluate each; params only give the
  // argument count then. Throws FunctionError as impl does.
  std::function<Value(const std::vector<const Expr*>& args, const ArgEvaluator& evaluate)> lazy;
};

using FunctionTable = std::map<std::string, Function>;

}  // namespace kiln::hcl
