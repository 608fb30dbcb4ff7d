// Post-processors docker-import, docker-tag, docker-save and docker-push, chained on docker artifacts as Packer's.
#pragma once

#include "docker/registry_access.hpp"
#include "kiln/plugin.hpp"

namespace kiln {

// docker-import: imports an exported container tar (docker builder's export_path) as an image.
class DockerImportPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::string repository_, tag_;
  std::vector<std::string> changes_;
};

// docker-tag: tags the image of a commit or docker-import artifact.
class DockerTagPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::string repository_;
  std::vector<std::string> tags_;
  bool force_ = false;
};

// docker-save: writes the artifact's image to a tar file, as `docker save`.
class DockerSavePostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::string path_;
};

// docker-push: pushes the artifact's image (and every tag docker-tag made) to its registry.
class DockerPushPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  docker::RegistryAccess registry_;
};

}  // namespace kiln
