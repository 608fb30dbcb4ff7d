// Canonical layout of HCL2 native syntax, as `packer fmt` (hclwrite's Format) writes it: only the
// whitespace between tokens changes — indentation by bracket nesting, one space or none between
// tokens, and `=` signs and end-of-line comments aligned across consecutive lines.
#pragma once

#include <string>
#include <string_view>

#include "hcl/diagnostics.hpp"

namespace kiln::hcl {

struct Formatted {
  std::string text;         // empty when diagnostics is not
  Diagnostics diagnostics;  // the source does not parse: nothing is formatted
};

Formatted format(std::string_view source, const std::string& file);

}  // namespace kiln::hcl
