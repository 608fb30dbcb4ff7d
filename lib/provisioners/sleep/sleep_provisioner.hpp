// Provisioner "sleep": waits for `duration`, cancellably.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class SleepProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  std::chrono::nanoseconds duration_{0};
};

}  // namespace kiln
