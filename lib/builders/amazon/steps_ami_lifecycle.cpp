// deprecate_at and deregistration_protection (later Packer): one call per AMI the build made.
#include <fmt/format.h>

#include "builders/amazon/steps.hpp"

namespace kiln::amazon {

using aws::QueryParams;

void step_enable_deprecation(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (c.deprecate_at.empty()) return;
  for (const auto& [region, ami] : run.state.amis) {
    run.ui.say(fmt::format("Enabling deprecation on AMI ({}) in region \"{}\" ...", ami, region));
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    client.call("EnableImageDeprecation", QueryParams().add("ImageId", ami).add("DeprecateAt", c.deprecate_at));
  }
}

void step_enable_deregistration_protection(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (!c.deregistration_protection.enabled) return;
  for (const auto& [region, ami] : run.state.amis) {
    run.ui.say(fmt::format("Enabling deregistration protection on AMI ({}) in region \"{}\" ...", ami, region));
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    QueryParams q;
    q.add("ImageId", ami).add("WithCooldown", c.deregistration_protection.with_cooldown ? "true" : "false");
    client.call("EnableImageDeregistrationProtection", q);
  }
}

}  // namespace kiln::amazon
