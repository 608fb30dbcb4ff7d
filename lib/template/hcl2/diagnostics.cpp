#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {

Position position(const hcl::Range& range) {
  return Position{range.file, range.start.line, range.start.column, range.end.line, range.end.column};
}

void add(Problems& problems, const hcl::Range& range, const std::string& summary, const std::string& detail) {
  problems.add(position(range), {}, detail.empty() ? summary : summary + "; " + detail);
}

void add_all(const hcl::Diagnostics& diagnostics, Problems& problems) {
  for (const auto& d : diagnostics) add(problems, d.subject, d.summary, d.detail);
}

}  // namespace kiln::hcl2
