// Versions and version constraints as hashicorp/go-version reads them, which Packer uses for
// min_packer_version, `required_version` and `required_plugins`: "1.6", "v1.2.3-beta.1+meta",
// constraints such as ">= 1.2, < 2", "~> 1.6", "!= 1.5.0".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

struct GoVersion {
  std::vector<int64_t> segments;  // at least three (missing ones are 0)
  size_t written_segments = 0;    // how many were written: "~> 1.6" keeps the major fixed, "~> 1.6.0" the minor
  std::string prerelease;
  std::string metadata;

  // "1.7" → "1.7.0", as go-version's String().
  std::string str() const;
};

// Nullopt when `text` is not a version; go-version's error is then "Malformed version: <text>".
std::optional<GoVersion> parse_go_version(std::string_view text);

// -1, 0 or 1; metadata does not count, a prerelease sorts before its release.
int compare(const GoVersion& a, const GoVersion& b);

struct GoConstraint {
  std::string op;  // "=", "!=", ">", "<", ">=", "<=", "~>"
  GoVersion version;
};

// Comma-separated constraints, all of which must hold. Nullopt when one does not parse; go-version's
// error is then "Malformed constraint: <that one>", returned in `malformed`.
std::optional<std::vector<GoConstraint>> parse_go_constraints(std::string_view text, std::string& malformed);

bool satisfies(const GoVersion& v, const std::vector<GoConstraint>& constraints);

}  // namespace kiln
