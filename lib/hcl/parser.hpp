// Parsing HCL2 native syntax into the tree of ast.hpp. Problems never throw: every one found is
// returned, and the tree holds what could be parsed around them.
#pragma once

#include <string>
#include <string_view>

#include "hcl/ast.hpp"

namespace kiln::hcl {

struct ParsedFile {
  Body body;
  Diagnostics diagnostics;
};

struct ParsedExpr {
  ExprPtr expr;  // null when the expression could not be parsed
  Diagnostics diagnostics;
};

// A whole configuration file (a .pkr.hcl or .pkrvars.hcl).
ParsedFile parse_file(std::string_view source, const std::string& file);

// One standalone expression, as `console` reads it.
ParsedExpr parse_expression(std::string_view source, const std::string& file);

}  // namespace kiln::hcl
