#include "template/hcl2/diagnostics.hpp"

#include <fmt/format.h>

namespace kiln::hcl2 {

Position position(const hcl::Range& range) {
  return Position{range.file, range.start.line, range.start.column, range.end.line, range.end.column};
}

void add(Problems& problems, const hcl::Range& range, const std::string& summary, const std::string& detail) {
  problems.add(position(range), {}, detail.empty() ? summary : summary + "; " + detail);
}

Problems with_source_lines(const Problems& problems, const HclTemplate& t) {
  Problems out;
  for (const auto& w : problems.warnings()) out.warn(w);
  for (Problem p : problems.list()) {
    for (const auto& file : t.files) {
      if (file.path != p.pos.file || !p.pos.known()) continue;
      std::string_view text = file.text;
      for (int line = 1; line < p.pos.line && !text.empty(); ++line) {
        size_t newline = text.find('\n');
        text = newline == text.npos ? std::string_view() : text.substr(newline + 1);
      }
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
