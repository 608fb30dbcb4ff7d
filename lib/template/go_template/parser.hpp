// The parse tree of a template, as Go's text/template builds it for the subset Packer templates use.
#pragma once

#include <string_view>
#include <vector>

#include "template/go_template/syntax.hpp"

namespace kiln::gotmpl {

// Fails with an Error naming line:column; nesting deeper than a fixed limit is refused.
std::vector<Node> parse(std::string_view text);

}  // namespace kiln::gotmpl
