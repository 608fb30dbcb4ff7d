// Provisioner "breakpoint": pauses the build until the host's prompt answers (the CLI: Enter on a terminal).
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class BreakpointProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  bool disable_ = false;
  std::string note_;
};

}  // namespace kiln
