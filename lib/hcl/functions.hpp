// The functions Packer offers in HCL2 templates (hcl2template/functions.go), by name.
#pragma once

#include <string>

#include "hcl/function.hpp"

namespace kiln::hcl {

// base_dir: where relative paths given to file(), fileexists(), fileset() and templatefile() start
// (Packer: the template's folder); empty for the process's working directory.
FunctionTable packer_functions(const std::string& base_dir);

// packer_functions("") built once.
const FunctionTable& packer_functions();

}  // namespace kiln::hcl
