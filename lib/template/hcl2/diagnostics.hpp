// HCL diagnostics as kiln problems: the range becomes the position, summary and detail the message.
#pragma once

#include "hcl/diagnostics.hpp"
#include "kiln/error.hpp"

namespace kiln::hcl2 {

Position position(const hcl::Range& range);

// Adds each diagnostic to problems as "file:line,col-col: Summary; Detail".
void add_all(const hcl::Diagnostics& diagnostics, Problems& problems);

void add(Problems& problems, const hcl::Range& range, const std::string& summary, const std::string& detail);

}  // namespace kiln::hcl2
