// Local values of an HCL2 template (`locals {}` attributes and `local "name" {}` blocks),
// evaluated in the order their references require.
#pragma once

#include <map>
#include <string>

#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

// Evaluates every local in scope.root (which must already hold var, path and packer) and returns
// them; a reference cycle or an undefined local is a problem in scope.problems.
std::map<std::string, hcl::Value> resolve_locals(const HclTemplate& t, Scope& scope);

}  // namespace kiln::hcl2
