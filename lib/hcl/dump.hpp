// A compact S-expression rendering of the syntax tree, for tests and debugging. Ranges are left
// out; strings are quoted with their escapes.
//   a = f(x.y[0], "s${v}")   →   (body (a (call f ([] (. x y) 0) (template "s" v))))
#pragma once

#include <string>

#include "hcl/ast.hpp"

namespace kiln::hcl {

std::string dump(const Expr& expr);
std::string dump(const Body& body);

}  // namespace kiln::hcl
