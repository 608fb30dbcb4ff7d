// Source ranges and diagnostics for HCL2 native syntax, printed the way HCL prints them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kiln::hcl {

// Line and column are 1-based; columns count characters as they appear (see utf8.hpp); byte is 0-based.
struct Pos {
  int line = 1;
  int column = 1;
  size_t byte = 0;
};

// A half-open stretch of one file: end is just past the last character.
struct Range {
  std::string file;
  Pos start;
  Pos end;

  // "file:line,col-col", or "file:line,col-line,col" when the range spans lines.
  std::string str() const;
};

struct Diagnostic {
  Range subject;
  std::string summary;  // e.g. "Unclosed configuration block"
  std::string detail;   // one or more sentences

  // "file:4,52-57: Summary; Detail", as HCL's Diagnostic.Error().
  std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace kiln::hcl
