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

namespace {

// Words joined into lines of at most `width` characters (a longer word gets a line of its own), as
// the go-wordwrap package of Packer's diagnostics.
std::string word_wrap(std::string_view text, size_t width) {
  std::string out, line;
  for (size_t from = 0;;) {
    size_t space = text.find(' ', from);
    std::string_view word = text.substr(from, space == std::string_view::npos ? std::string_view::npos : space - from);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    if (space == std::string_view::npos) break;
    from = space + 1;
  }
  return out + line;
}

}  // namespace

void warn(Problems& problems, const std::string& summary, const std::string& detail) {
  problems.warn(fmt::format("Warning: {}\n\n{}\n\n", summary, word_wrap(detail, 78)));
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
