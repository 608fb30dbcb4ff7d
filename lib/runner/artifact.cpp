#include <filesystem>

#include "kiln/artifact.hpp"

namespace kiln {

std::string BasicArtifact::state(const std::string& name) const {
  auto it = state_.find(name);
  return it == state_.end() ? std::string() : it->second;
}

void BasicArtifact::destroy() {
  if (on_destroy) {
    on_destroy();
    return;
  }
  for (const auto& f : files_) std::filesystem::remove_all(f);
}

}  // namespace kiln
