#include "hcl/diagnostics.hpp"

#include <fmt/format.h>

namespace kiln::hcl {

std::string Range::str() const {
  if (start.line == end.line) return fmt::format("{}:{},{}-{}", file, start.line, start.column, end.column);
  return fmt::format("{}:{},{}-{},{}", file, start.line, start.column, end.line, end.column);
}

std::string Diagnostic::str() const { return fmt::format("{}: {}; {}", subject.str(), summary, detail); }

}  // namespace kiln::hcl
