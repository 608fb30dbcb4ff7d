#include "provisioners/sleep/sleep_provisioner.hpp"

namespace kiln {

const Schema& SleepProvisioner::schema() const {
  static const Schema schema{{{"duration", FieldType::Duration, false, "how long to sleep, e.g. \"30s\""}}};
  return schema;
}

void SleepProvisioner::prepare(const Config& config, Problems&) { duration_ = config.duration("duration"); }

void SleepProvisioner::provision(ProvisionerContext& ctx) {
  if (!ctx.cancel.wait_for(std::chrono::ceil<std::chrono::milliseconds>(duration_))) throw Cancelled();
}

}  // namespace kiln
