// Builder "file": writes `content` or copies `source` to `target`; the artifact is that file.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class FileBuilder : public Builder {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  std::string source_, content_, target_;
};

}  // namespace kiln
