// Evaluates a parsed template over an InterpContext: Packer's functions and Go's builtins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiln/interpolate.hpp"
#include "template/go_template/syntax.hpp"

namespace kiln::gotmpl {

// Whether `name` is one of Go's builtins the evaluator implements (and, or, not, eq, …, printf).
bool is_builtin(std::string_view name);

// Appends the output of `tree`, parsed from `text`, to `out`; fails with an Error naming
// line:column in `text`.
void evaluate(std::string_view text, const std::vector<Node>& tree, const InterpContext& ctx, std::string& out);

}  // namespace kiln::gotmpl
