// Glob patterns as fileset() takes them (bmatcuk/doublestar): * and ? within one path segment,
// [class], {alt,ernatives}, and ** for any number of whole segments.
#pragma once

#include <string_view>

namespace kiln::hcl::functions {

// Whether the slash-separated relative path matches; throws std::invalid_argument for a malformed
// pattern ("syntax error in pattern").
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace kiln::hcl::functions
