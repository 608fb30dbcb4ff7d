// Post-processor "compress": packs the artifact's files into tar, tar + gzip, gzip, zip, tar + zstd
// or zstd, chosen from the output's extensions as Packer 1.6.6 chooses; gzip and zstd use every core.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class CompressPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  std::string output_;
  std::string format_from_;  // the output as written (plus "." + format): what picks the format, as in Packer
  std::string archive_, algorithm_;  // Packer 1.6.6's own keys, for what the extensions leave open
  int level_ = -1;
};

}  // namespace kiln
