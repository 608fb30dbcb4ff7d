// The input variables of an HCL2 template, resolved for one run.
#pragma once

#include <map>
#include <set>
#include <string>

#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

// Each declared variable's value, converted to its type (unknown when unset). Problems go to
// scope.problems; sensitive values to scope.secret, and sensitive variables' names to `sensitive`.
// With `inspecting` (as Packer's inspect) no validation rule is checked and an unset variable is no
// problem: it stays unknown.
std::map<std::string, hcl::Value> resolve_variables(const HclTemplate& t, const VariableInput& input,
                                                    const Environment& env, Scope& scope,
                                                    std::set<std::string>* sensitive = nullptr, bool inspecting = false);

}  // namespace kiln::hcl2
