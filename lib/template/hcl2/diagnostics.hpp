// HCL diagnostics as kiln problems: the range becomes the position, summary and detail the message.
#pragma once

#include "hcl/diagnostics.hpp"
#include "kiln/error.hpp"
#include "template/hcl2/hcl2.hpp"

namespace kiln::hcl2 {

Position position(const hcl::Range& range);

// Adds each diagnostic to problems as "file:line,col-col: Summary; Detail".
void add_all(const hcl::Diagnostics& diagnostics, Problems& problems);

void add(Problems& problems, const hcl::Range& range, const std::string& summary, const std::string& detail);

// Adds a warning in the words Packer prints an HCL diagnostic without a subject: "Warning: SUMMARY",
// a blank line, the detail wrapped at 78 columns, a blank line (said as it is, by a run and inspect).
void warn(Problems& problems, const std::string& summary, const std::string& detail);

// The problems, each followed by the source line it starts on ("\n  4: source = …") when that
// line is in one of the template's files.
Problems with_source_lines(const Problems& problems, const HclTemplate& t);

}  // namespace kiln::hcl2
