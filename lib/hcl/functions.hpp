// The functions Packer offers in HCL2 templates (hcl2template/functions.go), by name.
#pragma once

#include <string>

#include "hcl/function.hpp"

namespace kiln::hcl {

// base_dir: where relative paths given to file(), filebase64(), fileexists(), fileset() and
// templatefile() start (Packer: the template's folder); empty for the process's working directory.
// Every function of Packer's current list is there; aws_secretsmanager, aws_secretsmanager_raw,
// vault and consul_key report that kiln does not support them yet (templates get a working
// aws_secretsmanager from template/hcl2/aws_functions).
FunctionTable packer_functions(const std::string& base_dir);

// packer_functions("") built once.
const FunctionTable& packer_functions();

}  // namespace kiln::hcl
