// The data sources kiln has (later Packer's `data "TYPE" "NAME" {}` blocks): each reads its block's
// body and gives the object that `data.TYPE.NAME` then stands for.
#pragma once

#include <string>
#include <vector>

#include "hcl/ast.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

// Runs the data source of the block's type with its body evaluated in `ctx`; problems go to
// scope.problems (and the result is then an unknown value).
hcl::Value run_data_source(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope);

// The types run_data_source knows, sorted.
std::vector<std::string> data_source_types();

}  // namespace kiln::hcl2
