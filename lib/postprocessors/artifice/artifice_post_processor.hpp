// Post-processor "artifice": replaces the artifact with the files named in `files`.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class ArtificePostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::vector<std::string> files_;
};

}  // namespace kiln
