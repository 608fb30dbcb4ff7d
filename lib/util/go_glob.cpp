#include "util/go_glob.hpp"

#include <glob.h>

#include <string_view>

#include "kiln/error.hpp"

namespace kiln {
namespace {

// Go's getEsc: one character of a class, escaped or not; false where Go says ErrBadPattern.
bool class_char(std::string_view& chunk) {
  if (chunk.empty() || chunk.front() == '-' || chunk.front() == ']') return false;
  if (chunk.front() == '\\') chunk.remove_prefix(1);
  if (chunk.empty()) return false;
  chunk.remove_prefix(1);
  return !chunk.empty();
}

// Go's Match(pattern, "") error check: classes closed and not empty, no trailing backslash.
bool well_formed(std::string_view p) {
  while (!p.empty()) {
    char c = p.front();
    p.remove_prefix(1);
    if (c == '\\') {
      if (p.empty()) return false;
      p.remove_prefix(1);
    } else if (c == '[') {
      if (!p.empty() && p.front() == '^') p.remove_prefix(1);
      for (int ranges = 0;; ++ranges) {
        if (!p.empty() && p.front() == ']' && ranges > 0) {
          p.remove_prefix(1);
          break;
        }
        if (!class_char(p)) return false;
        if (p.front() == '-') {
          p.remove_prefix(1);
          if (!class_char(p)) return false;
        }
      }
    }
  }
  return true;
}

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    auto slash = path.find('/');
    if (slash != 0) out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool dot_or_dotdot(std::string_view s) { return s == "." || s == ".."; }

// glob(3) with GLOB_PERIOD lets a wildcard match "." and ".."; Go's directory reads never list them.
bool wildcard_matched_dot(const std::string& pattern, const std::string& path) {
  auto want = components(pattern), got = components(path);
  if (want.size() != got.size()) return false;
  for (size_t i = 0; i < got.size(); ++i)
    if (dot_or_dotdot(got[i]) && got[i] != want[i]) return true;
  return false;
}

}  // namespace

std::vector<std::string> go_glob(const std::string& pattern) {
  if (!well_formed(pattern)) throw Error("syntax error in pattern");
  glob_t found{};
  int rc = ::glob(pattern.c_str(), GLOB_PERIOD, nullptr, &found);
  std::vector<std::string> paths;
  if (rc == 0)
    for (size_t i = 0; i < found.gl_pathc; ++i)
      if (!wildcard_matched_dot(pattern, found.gl_pathv[i])) paths.emplace_back(found.gl_pathv[i]);
  globfree(&found);
  if (rc != 0 && rc != GLOB_NOMATCH) throw Error("cannot read the directories of " + pattern);
  return paths;
}

}  // namespace kiln
