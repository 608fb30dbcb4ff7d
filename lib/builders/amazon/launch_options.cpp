// RunInstances parameters for the current plugin's launch options, named as the SDK serializes them.
#include <fmt/format.h>

#include "builders/amazon/steps.hpp"

namespace kiln::amazon {

void add_launch_options(aws::QueryParams& q, const EbsConfig& c) {
  if (c.metadata_options) {
    // The plugin sends the options only when the endpoint is enabled, which would leave a
    // "disabled" endpoint enabled; kiln sends what the template asks for either way.
    const MetadataOptions& m = *c.metadata_options;
    q.add("MetadataOptions.HttpEndpoint", m.http_endpoint);
    q.add("MetadataOptions.HttpTokens", m.http_tokens);
    q.add("MetadataOptions.HttpPutResponseHopLimit", std::to_string(m.http_put_response_hop_limit));
    if (m.instance_metadata_tags == "enabled") q.add("MetadataOptions.InstanceMetadataTags", m.instance_metadata_tags);
  }
  if (c.enable_unlimited_credits) q.add("CreditSpecification.CpuCredits", "unlimited");
  if (c.enable_nitro_enclave) q.add("EnclaveOptions.Enabled", "true");
  if (!c.placement.host_resource_group_arn.empty())
    q.add("Placement.HostResourceGroupArn", c.placement.host_resource_group_arn);
  if (!c.placement.host_id.empty()) q.add("Placement.HostId", c.placement.host_id);
  if (!c.placement.tenancy.empty()) q.add("Placement.Tenancy", c.placement.tenancy);
  for (size_t i = 0; i < c.license_configuration_arns.size(); ++i)
    q.add(fmt::format("LicenseSpecification.{}.LicenseConfigurationArn", i + 1), c.license_configuration_arns[i]);
  if (!c.capacity_reservation_preference.empty())
    q.add("CapacityReservationSpecification.CapacityReservationPreference", c.capacity_reservation_preference);
  if (!c.capacity_reservation_id.empty())
    q.add("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId", c.capacity_reservation_id);
  if (!c.capacity_reservation_group_arn.empty())
    q.add("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn",
          c.capacity_reservation_group_arn);
}

}  // namespace kiln::amazon
