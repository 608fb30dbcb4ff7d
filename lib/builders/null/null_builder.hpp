// Builder "null": no machine; runs the provisioners against an existing host (ssh) or none at all.
#pragma once

#include "comm/comm_config.hpp"
#include "kiln/plugin.hpp"

namespace kiln {

class NullBuilder : public Builder {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  CommSettings comm_;
};

}  // namespace kiln
