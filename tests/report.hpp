// Counts for scripts/reliability-report.sh: written as $KILN_REPORT_DIR/NAME.json when the variable
// is set (the report's runs set it), nothing otherwise. The test still asserts on its own.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace kiln::test {

inline void write_report(const std::string& name, const std::vector<std::pair<std::string, long>>& counts) {
  const char* dir = std::getenv("KILN_REPORT_DIR");
  if (!dir || !*dir) return;
  std::filesystem::create_directories(dir);
  std::ofstream out(std::filesystem::path(dir) / (name + ".json"));
  out << "{";
  for (size_t i = 0; i < counts.size(); ++i)
    out << (i ? ", " : "") << "\"" << counts[i].first << "\": " << counts[i].second;
  out << "}\n";
}

}  // namespace kiln::test
