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

// A warning, kept as "FILE:RANGE: SUMMARY; DETAIL" (Problems holds warnings as text).
void warn(Problems& problems, const hcl::Range& range, const std::string& summary, const std::string& detail);

// Such a warning as Packer prints an HCL diagnostic without a subject: "Warning: SUMMARY", a blank
// line, the detail wrapped at 78 columns, a blank line.
std::string packer_warning_text(const std::string& warning);

// The problems, each followed by the source line it starts on ("\n  4: source = …") when that
// line is in one of the template's files.
Problems with_source_lines(const Problems& problems, const HclTemplate& t);

}  // namespace kiln::hcl2
