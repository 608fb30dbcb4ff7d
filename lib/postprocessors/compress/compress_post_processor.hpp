// Post-processor "compress": packs the artifact's files into .tar, .tar.gz/.tgz, .gz, .zip,
// .tar.zst or .zst, chosen by the output's extension; gzip and zstd use every core.
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
  int level_ = -1;
};

}  // namespace kiln
