// Builder "docker": runs a container from `image`, provisions it through the engine API, then
// commits it to an image, exports it to a tar, or discards it.
#pragma once

#include "docker/registry_access.hpp"
#include "kiln/plugin.hpp"

namespace kiln {

class DockerBuilder : public Builder {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  std::string image_, export_path_, container_dir_, exec_user_, author_, message_, communicator_;
  docker::RegistryAccess registry_;
  bool pull_ = true, commit_ = false, discard_ = false, privileged_ = false;
  std::vector<std::string> changes_, cap_add_, cap_drop_, tmpfs_, devices_;
  std::map<std::string, std::string> volumes_;
};

}  // namespace kiln
