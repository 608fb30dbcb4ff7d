// `packer fix` (Packer 1.6.6) as a library call: a JSON template in, the fixed template out as
// packer fix prints it, and what its validation found.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "template/fix/validate.hpp"

namespace kiln::fix {

struct FixOutcome {
  std::string text;                          // the fixed template, ending in a newline
  std::optional<ValidationFailure> failure;  // set when validation was asked for and failed
};

// Decodes `json`, runs every fixer, encodes the result as packer fix does (keys sorted, & as
// \u0026, < and > as they are) and, when `validate`, checks it as packer fix does. Throws Error
// with packer fix's message: "Error parsing template: …" or "Error fixing: …".
FixOutcome fix_template(std::string_view json, bool validate);

// packer fix's report of a failed validation: "Error! Fixed template fails to parse: …" and its advice.
std::string failure_message(const ValidationFailure& failure);

}  // namespace kiln::fix
