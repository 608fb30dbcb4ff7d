#include "util/go_path.hpp"

#include <algorithm>
#include <vector>

namespace kiln {

std::string go_clean_rooted_path(std::string_view path) {
  std::vector<std::string_view> segments;
  for (size_t start = 0; start <= path.size();) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string clean;
  for (auto segment : segments) clean += "/" + std::string(segment);
  return clean.empty() ? "/" : clean;
}

}  // namespace kiln
