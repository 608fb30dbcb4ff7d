// Evaluating HCL expressions against variables and functions, as hclsyntax does.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hcl/ast.hpp"
#include "hcl/function.hpp"
#include "hcl/value.hpp"

namespace kiln::hcl {

// The names an expression can refer to. Child contexts (for-expression variables, dynamic blocks'
// iterators, templatefile's variables) point at their parent, which must outlive them; a name or
// function is looked up in the nearest context that has it.
struct EvalContext {
  std::map<std::string, Value> variables;
  const FunctionTable* functions = nullptr;
  const EvalContext* parent = nullptr;

  const Value* find_variable(const std::string& name) const;
  const Function* find_function(const std::string& name) const;
};

// The value of `expr`. Every problem is appended to diags with HCL's summary and detail and the range
// of the offending expression; the failing part evaluates to an unknown of Dynamic type so that the
// rest is still checked and more problems are reported at once.
Value evaluate(const Expr& expr, const EvalContext& ctx, Diagnostics& diags);

// One step after a traversal's root: .name, or [key] with a literal key (a string or number Value).
struct TraversalStep {
  enum class Kind { Attribute, Index } kind;
  std::string name;  // Attribute
  Value key;         // Index
  Range range;
};

// A reference to a root variable with the attribute and literal index steps that directly follow it:
// `var.x`, `local.y[0]`, `source.name`. range covers the root and its steps.
struct Traversal {
  std::string root;
  std::vector<TraversalStep> steps;
  Range range;
};

// Every reference in `expr` to a variable of an enclosing scope, in source order; names bound by the
// expression itself (for-expression variables) are left out.
std::vector<Traversal> variables(const Expr& expr);

}  // namespace kiln::hcl
