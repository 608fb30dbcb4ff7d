#include "template/hcl2/diagnostics.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace kiln::hcl2 {

Position position(const hcl::Range& range) {
  return Position{range.file, range.start.line, range.start.column, range.end.line, range.end.column};
}

void add(Problems& problems, const hcl::Range& range, const std::string& summary, const std::string& detail) {
  problems.add(position(range), {}, detail.empty() ? summary : summary + "; " + detail);
}

Problems with_source_lines(const Problems& problems, const HclTemplate& t) {
  // Where each line of a file starts, found once per file rather than once per problem.
  std::vector<std::vector<size_t>> line_starts(t.files.size());
  Problems out;
  for (const auto& w : problems.warnings()) out.warn(w);
  for (Problem p : problems.list()) {
    for (size_t i = 0; i < t.files.size(); ++i) {
      const auto& file = t.files[i];
      if (file.path != p.pos.file || !p.pos.known()) continue;
      std::vector<size_t>& starts = line_starts[i];
      if (starts.empty()) {
        starts.push_back(0);
        for (size_t at = file.text.find('\n'); at != std::string::npos; at = file.text.find('\n', at + 1))
          starts.push_back(at + 1);
      }
      if (p.pos.line < 1 || static_cast<size_t>(p.pos.line) > starts.size()) continue;
      std::string_view text = std::string_view(file.text).substr(starts[p.pos.line - 1]);
      std::string_view source = text.substr(0, text.find('\n'));
      if (!source.empty() && source.size() <= 200) p.message += fmt::format("\n  {}: {}", p.pos.line, source);
    }
    out.add(p);
  }
  return out;
}

void add_all(const hcl::Diagnostics& diagnostics, Problems& problems) {
  for (const auto& d : diagnostics) add(problems, d.subject, d.summary, d.detail);
}

}  // namespace kiln::hcl2
