#include "util/go_version.hpp"

#include <charconv>
#include <regex>

namespace kiln {
namespace {

// go-version's VersionRegexpRaw.
const char* const version_pattern =
    R"(v?([0-9]+(?:\.[0-9]+)*?))"
    R"((?:-([0-9]+[0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*)|(?:-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*)))?)"
    R"((?:\+([0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*))?)";

std::optional<GoVersion> from_match(const std::smatch& m, size_t first) {
  GoVersion v;
  std::string numbers = m[first].str();
  size_t start = 0;
  while (start <= numbers.size()) {
    size_t end = numbers.find('.', start);
    if (end == std::string::npos) end = numbers.size();
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(numbers.data() + start, numbers.data() + end, n);
    if (ec != std::errc() || ptr != numbers.data() + end) return std::nullopt;  // beyond int64
    v.segments.push_back(n);
    start = end + 1;
  }
  v.written_segments = v.segments.size();
  while (v.segments.size() < 3) v.segments.push_back(0);
  v.prerelease = m[first + 1].matched ? m[first + 1].str() : m[first + 2].str();
  v.metadata = m[first + 3].str();
  return v;
}

bool is_number(const std::string& s, int64_t& n) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

// go-version's comparePart, for one dot-separated part of two prereleases.
int compare_part(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  int64_t x = 0, y = 0;
  bool a_num = is_number(a, x), b_num = is_number(b, y);
  if (a.empty()) return b_num ? -1 : 1;
  if (b.empty()) return a_num ? 1 : -1;
  if (a_num != b_num) return a_num ? -1 : 1;
  if (!a_num) return a > b ? 1 : -1;
  return x > y ? 1 : -1;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

int compare_prereleases(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a.empty()) return 1;
  if (b.empty()) return -1;
  auto pa = split(a, '.'), pb = split(b, '.');
  for (size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    int c = compare_part(i < pa.size() ? pa[i] : "", i < pb.size() ? pb[i] : "");
    if (c != 0) return c;
  }
  return 0;
}

// A constraint without a prerelease matches only releases; one with a prerelease matches releases,
// and prereleases of exactly its own segments.
bool prerelease_allows(const GoVersion& v, const GoVersion& c) {
  if (v.prerelease.empty()) return true;
  return !c.prerelease.empty() && v.segments == c.segments;
}

bool pessimistic(const GoVersion& v, const GoVersion& c) {
  if (!prerelease_allows(v, c) || (!c.prerelease.empty() && v.prerelease.empty())) return false;
  if (compare(v, c) < 0) return false;
  size_t n = c.segments.size();
  if (n > v.segments.size()) return false;
  for (size_t i = 0; i + 1 < c.written_segments; ++i)
    if (v.segments[i] != c.segments[i]) return false;
  return c.segments[n - 1] <= v.segments[n - 1];
}

bool holds(const GoVersion& v, const GoConstraint& c) {
  if (c.op == "~>") return pessimistic(v, c.version);
  int order = compare(v, c.version);
  bool ok = c.op == "=" ? order == 0 : c.op == "!=" ? order != 0 : c.op == ">" ? order > 0 : c.op == "<" ? order < 0
          : c.op == ">=" ? order >= 0 : order <= 0;
  return ok && (c.op == "!=" || prerelease_allows(v, c.version));
}

}  // namespace

std::string GoVersion::str() const {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) out += (i ? "." : "") + std::to_string(segments[i]);
  if (!prerelease.empty()) out += "-" + prerelease;
  if (!metadata.empty()) out += "+" + metadata;
  return out;
}

std::optional<GoVersion> parse_go_version(std::string_view text) {
  static const std::regex re(std::string("^") + version_pattern + "$");
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, re)) return std::nullopt;
  return from_match(m, 1);
}

int compare(const GoVersion& a, const GoVersion& b) {
  for (size_t i = 0; i < std::max(a.segments.size(), b.segments.size()); ++i) {
    int64_t x = i < a.segments.size() ? a.segments[i] : 0, y = i < b.segments.size() ? b.segments[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return compare_prereleases(a.prerelease, b.prerelease);
}

std::optional<std::vector<GoConstraint>> parse_go_constraints(std::string_view text, std::string& malformed) {
  static const std::regex re(std::string(R"(^\s*(=|!=|>=|<=|>|<|~>)?\s*()") + version_pattern + R"()\s*$)");
  std::vector<GoConstraint> out;
  for (const auto& part : split(std::string(text), ',')) {
    std::smatch m;
    std::optional<GoVersion> v;
    if (std::regex_match(part, m, re)) v = from_match(m, 3);
    if (!v) {
      malformed = part;
      return std::nullopt;
    }
    out.push_back({m[1].matched && m[1].length() ? m[1].str() : "=", std::move(*v)});
  }
  return out;
}

bool satisfies(const GoVersion& v, const std::vector<GoConstraint>& constraints) {
  for (const auto& c : constraints)
    if (!holds(v, c)) return false;
  return true;
}

}  // namespace kiln
