#include "hcl/functions/glob.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::hcl::functions {

namespace {

std::invalid_argument syntax_error() { return std::invalid_argument("syntax error in pattern"); }

// Each {a,b} multiplies the patterns to try; beyond this many the pattern is refused.
constexpr size_t kMaxAlternatives = 10000;

// Every pattern that {a,b} alternatives stand for.
std::vector<std::string> expand_braces(std::string_view pattern) {
  size_t open = pattern.find('{');
  if (open == std::string_view::npos) return {std::string(pattern)};
  int depth = 0;
  std::vector<std::string_view> choices;
  size_t start = open + 1;
  for (size_t i = open; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      choices.push_back(pattern.substr(start, i - start));
      std::vector<std::string> out;
      for (std::string_view choice : choices) {
        for (std::string& rest : expand_braces(std::string(choice) + std::string(pattern.substr(i + 1)))) {
          out.push_back(std::string(pattern.substr(0, open)) + rest);
          if (out.size() > kMaxAlternatives) throw std::invalid_argument("too many {…} alternatives in pattern");
        }
      }
      return out;
    } else if (c == ',' && depth == 1) {
      choices.push_back(pattern.substr(start, i - start));
      start = i + 1;
    }
  }
  throw syntax_error();
}

bool match_class(std::string_view pattern, size_t& p, char c) {
  ++p;  // '['
  bool negate = p < pattern.size() && (pattern[p] == '!' || pattern[p] == '^');
  if (negate) ++p;
  bool matched = false;
  bool first = true;
  while (p < pattern.size() && (first || pattern[p] != ']')) {
    first = false;
    char lo = pattern[p];
    if (lo == '\\' && p + 1 < pattern.size()) lo = pattern[++p];
    char hi = lo;
    if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
      hi = pattern[p + 2];
      p += 2;
    }
    matched = matched || (c >= lo && c <= hi);
    ++p;
  }
  if (p >= pattern.size()) throw syntax_error();
  ++p;  // ']'
  return matched != negate;
}

bool match_segment(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0;
  size_t star = std::string_view::npos, star_name = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      star_name = n;
      continue;
    }
    if (p < pattern.size()) {
      size_t q = p;
      bool ok;
      if (pattern[p] == '?') {
        ok = true, ++q;
      } else if (pattern[p] == '[') {
        ok = match_class(pattern, q, name[n]);
      } else {
        if (pattern[p] == '\\' && p + 1 < pattern.size()) ++q;
        ok = pattern[q] == name[n];
        ++q;
      }
      if (ok) {
        p = q, ++n;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    p = star;
    n = ++star_name;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string_view> segments(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '/') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

bool match_segments(const std::vector<std::string_view>& pattern, size_t p, const std::vector<std::string_view>& path,
                    size_t n) {
  if (p == pattern.size()) return n == path.size();
  if (pattern[p] == "**") {
    for (size_t skip = n; skip <= path.size(); ++skip)
      if (match_segments(pattern, p + 1, path, skip)) return true;
    return false;
  }
  return n < path.size() && match_segment(pattern[p], path[n]) && match_segments(pattern, p + 1, path, n + 1);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  std::vector<std::string_view> names = segments(path);
  for (const std::string& alternative : expand_braces(pattern))
    if (match_segments(segments(alternative), 0, names, 0)) return true;
  return false;
}

}  // namespace kiln::hcl::functions
