// The IAM actions docs/aws.md lists for a component, as the tests keep them in tests/aws/data.
#pragma once

#include <fstream>
#include <set>
#include <string>

#include "support.hpp"

namespace kiln::test {

// The "service:Action" lines of tests/aws/data/<file> (lines starting with # are comments).
inline std::set<std::string> documented_iam_actions(const std::string& file) {
  std::ifstream in(source_root() + "/tests/aws/data/" + file);
  std::set<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.insert(line);
  return out;
}

}  // namespace kiln::test
