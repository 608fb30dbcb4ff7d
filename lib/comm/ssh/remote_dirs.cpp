#include "comm/ssh/remote_dirs.hpp"

#include <filesystem>

namespace kiln {

std::vector<std::string> remote_dirs(const std::string& remote) {
  std::vector<std::string> dirs;
  std::string prefix;
  for (const auto& part : std::filesystem::path(remote)) {
    prefix = part == "/" ? "/" : (prefix.empty() || prefix.ends_with("/") ? prefix : prefix + "/") + part.string();
    if (prefix != "/" && !part.empty()) dirs.push_back(prefix);
  }
  return dirs;
}

}  // namespace kiln
