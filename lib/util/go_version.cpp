#include "util/go_version.hpp"

#include <charconv>

namespace kiln {
namespace {

// go-version's VersionRegexpRaw, matched by hand: std::regex's executor recurses once per character,
// so a long version string overflowed the stack (and it was most of the time `kiln validate` spent).
//   v?([0-9]+(\.[0-9]+)*?)
//   (-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)|(-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?
//   (\+([0-9A-Za-z\-~]+(\.[0-9A-Za-z\-~]+)*))?
// Matched whole, the regex leaves no choice the scan below does not make: no part can start with '.',
// and neither prerelease form can hold '+'.
struct VersionParts {
  std::string_view numbers, prerelease, metadata;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lead(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '~'; }
bool is_part(char c) { return is_digit(c) || is_lead(c); }

// The end of [0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)* from i.
size_t part_tail(std::string_view s, size_t i) {
  while (i < s.size() && (is_part(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_part(s[i + 1])))) ++i;
  return i;
}

std::optional<VersionParts> match_version(std::string_view s) {
  VersionParts parts;
  size_t i = !s.empty() && s[0] == 'v' ? 1 : 0, start = i;
  if (i == s.size() || !is_digit(s[i])) return std::nullopt;
  while (i < s.size() && (is_digit(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])))) ++i;
  parts.numbers = s.substr(start, i - start);
  size_t end = i;
  if (i < s.size() && s[i] == '-' && i + 1 < s.size() && is_part(s[i + 1])) {
    end = part_tail(s, i + 1);  // "-beta", "-1.rc": the prerelease after the dash
    parts.prerelease = s.substr(i + 1, end - i - 1);
  } else if (i < s.size() && is_lead(s[i])) {
    end = part_tail(s, i);  // "beta" without a dash, or a lone "-" that is itself the prerelease
    parts.prerelease = s.substr(i, end - i);
  }
  if (end < s.size() && s[end] == '+') {
    if (end + 1 == s.size() || !is_part(s[end + 1])) return std::nullopt;
    parts.metadata = s.substr(end + 1);
    end = part_tail(s, end + 1);
  }
  if (end != s.size()) return std::nullopt;
  return parts;
}

std::optional<GoVersion> from_parts(const VersionParts& parts) {
  GoVersion v;
  std::string_view numbers = parts.numbers;
  size_t start = 0;
  while (start <= numbers.size()) {
    size_t end = numbers.find('.', start);
    if (end == std::string_view::npos) end = numbers.size();
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(numbers.data() + start, numbers.data() + end, n);
    if (ec != std::errc() || ptr != numbers.data() + end) return std::nullopt;  // beyond int64
    v.segments.push_back(n);
    start = end + 1;
  }
  v.written_segments = v.segments.size();
  while (v.segments.size() < 3) v.segments.push_back(0);
  v.prerelease = parts.prerelease;
  v.metadata = parts.metadata;
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
  auto parts = match_version(text);
  return parts ? from_parts(*parts) : std::nullopt;
}

int compare(const GoVersion& a, const GoVersion& b) {
  for (size_t i = 0; i < std::max(a.segments.size(), b.segments.size()); ++i) {
    int64_t x = i < a.segments.size() ? a.segments[i] : 0, y = i < b.segments.size() ? b.segments[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return compare_prereleases(a.prerelease, b.prerelease);
}

namespace {

// go-version's constraint: ^\s*(=|!=|>=|<=|>|<|~>)?\s*VERSION\s*$, where Go's \s is [\t\n\f\r ] (no \v).
std::optional<GoConstraint> parse_constraint(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  std::string op = "=";
  for (std::string_view candidate : {"!=", ">=", "<=", "~>", "=", ">", "<"})
    if (text.starts_with(candidate)) {
      op = candidate;
      text.remove_prefix(candidate.size());
      break;
    }
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  auto version = parse_go_version(text);
  if (!version) return std::nullopt;
  return GoConstraint{op, std::move(*version)};
}

}  // namespace

std::optional<std::vector<GoConstraint>> parse_go_constraints(std::string_view text, std::string& malformed) {
  std::vector<GoConstraint> out;
  for (const auto& part : split(std::string(text), ',')) {
    auto constraint = parse_constraint(part);
    if (!constraint) {
      malformed = part;
      return std::nullopt;
    }
    out.push_back(std::move(*constraint));
  }
  return out;
}

bool satisfies(const GoVersion& v, const std::vector<GoConstraint>& constraints) {
  for (const auto& c : constraints)
    if (!holds(v, c)) return false;
  return true;
}

}  // namespace kiln
