// Local values of an HCL2 template (`locals {}` attributes and `local "name" {}` blocks) and its
// data sources (`data "TYPE" "NAME" {}`), evaluated together in the order their references require:
// a local may read a data source and a data source a local.
#pragma once

#include <map>
#include <set>
#include <string>

#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

// Evaluates every local and runs every data source in scope.root (which must already hold var, path
// and packer), leaving `local` and `data` there, and returns the locals; a reference cycle or an
// undefined local is a problem in scope.problems. `failed` gets the locals that have no value: their
// expression has errors, or reads such a local.
std::map<std::string, hcl::Value> resolve_locals(const HclTemplate& t, Scope& scope,
                                                 std::set<std::string>* failed = nullptr);

}  // namespace kiln::hcl2
