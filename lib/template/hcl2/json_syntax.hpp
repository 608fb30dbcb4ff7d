// HCL's JSON syntax (*.pkr.json, *.pkrvars.json) read into the same tree as native syntax, by
// Packer's block schema: which keys are blocks, how many labels each takes.
#pragma once

#include <string>
#include <string_view>

#include "hcl/ast.hpp"

namespace kiln::hcl2 {

// A whole template file. Strings become templates (so "${var.x}" interpolates), arrays tuples,
// objects object constructors; keys named "//" are comments.
hcl::Body parse_json_file(std::string_view text, const std::string& file, hcl::Diagnostics& diagnostics);

// A variable file: every key an attribute.
hcl::Body parse_json_attributes(std::string_view text, const std::string& file, hcl::Diagnostics& diagnostics);

}  // namespace kiln::hcl2
