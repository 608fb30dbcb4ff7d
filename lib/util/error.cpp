#include "kiln/error.hpp"

#include <fmt/format.h>

namespace kiln {

std::string Position::str() const {
  if (!known()) return file;
  if (end_line == 0) return fmt::format("{}:{}:{}", file, line, column);
  if (end_line == line) return fmt::format("{}:{},{}-{}", file, line, column, end_column);
  return fmt::format("{}:{},{}-{},{}", file, line, column, end_line, end_column);
}

std::string Problem::str() const {
  std::string out;
  auto append = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ": ";
    out += part;
  };
  append(pos.str());
  append(path);
  append(message);
  return out;
}

namespace {
std::string join_problems(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.str();
  }
  return out;
}
}  // namespace

TemplateError::TemplateError(std::vector<Problem> problems, ErrorCode code)
    : Error(join_problems(problems), code), problems_(std::move(problems)) {}

void Problems::add(const Problem& p) {
  // A block shared by several builds (a post-processor, a provisioner) is checked once per build:
  // its problem is reported once.
  if (!seen_.insert(p.str()).second) return;
  list_.push_back(p);
}

void Problems::add(Position pos, std::string path, std::string message) {
  add(Problem{std::move(pos), std::move(path), std::move(message)});
}

void Problems::merge(const Problems& other) {
  for (const auto& p : other.list_) add(p);
  warnings_.insert(warnings_.end(), other.warnings_.begin(), other.warnings_.end());
}

void Problems::throw_if_any(ErrorCode code) const {
  if (!list_.empty()) throw TemplateError(list_, code);
}

}  // namespace kiln
