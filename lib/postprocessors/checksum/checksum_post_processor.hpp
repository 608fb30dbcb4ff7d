// Post-processor "checksum": writes one checksum file per type, in the format sha256sum -c reads.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class ChecksumPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::vector<std::string> types_;
  std::string output_;
};

}  // namespace kiln
