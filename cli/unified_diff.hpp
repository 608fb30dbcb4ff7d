// Showing a change as Packer's fmt -diff does: GNU `diff -u` run on the two texts, its files
// labelled old/PATH and new/PATH.
#pragma once

#include <string>

namespace kiln::cli {

// Writes the diff to standard output. Throws kiln::Error when diff cannot run.
void print_unified_diff(const std::string& before, const std::string& after, const std::string& path);

}  // namespace kiln::cli
