// Packer 1.6.6's HCL2 aws_secretsmanager(name, key): the JSON templates' {{aws_secretsmanager}}, in HCL.
#pragma once

#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

// Replaces the function table's placeholder with one that reads the secret (region, credentials and
// endpoint from scope.environment) and tells scope.secret its value before returning it.
void add_aws_functions(Scope& scope);

}  // namespace kiln::hcl2
