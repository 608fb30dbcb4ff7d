// Post-processor "manifest": records each build's artifact in a JSON file, as Packer's does.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class ManifestPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::string output_ = "packer-manifest.json";
  bool strip_path_ = false;
  bool strip_time_ = false;
  std::optional<std::map<std::string, std::string>> custom_data_;
};

}  // namespace kiln
