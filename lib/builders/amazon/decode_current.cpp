// The current amazon plugin's options beyond Packer 1.6.6, validated with the plugin's messages.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "builders/amazon/config_reader.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "builders/amazon/timestamp.hpp"

namespace kiln::amazon {

namespace {

std::string scalar(const Value* v) {
  if (!v) return {};
  if (v->is_string()) return v->as_string();
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  if (v->is_integer()) return std::to_string(v->as_int());
  return {};
}

bool truthy(const Value* v) { return scalar(v) == "true" || scalar(v) == "1"; }

bool one_of(const std::string& s, std::initializer_list<const char*> values) {
  return std::any_of(values.begin(), values.end(), [&](const char* v) { return s == v; });
}

// The plugin's IsBurstableInstanceType: t2, t3, t3a and t4g.
bool burstable(const std::string& type) {
  static constexpr const char* families[] = {"t2.", "t3.", "t3a.", "t4g."};
  return std::any_of(std::begin(families), std::end(families), [&](const char* p) { return type.rfind(p, 0) == 0; });
}

bool set(const Value* v) {
  return v && !v->is_null() && !(v->is_bool() && !v->as_bool()) && !(v->is_object() && v->size() == 0) &&
         !(v->is_array() && v->size() == 0) && !(v->is_string() && v->as_string().empty());
}

}  // namespace

void decode_current_options(const Config& config, Problems& problems, EbsConfig& c, std::string_view builder_type) {
  ConfigReader n{config, problems};
  const bool spot = !config.str("spot_price").empty() && config.str("spot_price") != "0";

  if (const Value* m = n.object("metadata_options", {"http_endpoint", "http_tokens", "http_put_response_hop_limit",
                                                     "instance_metadata_tags"})) {
    MetadataOptions o;
    if (std::string v = scalar(m->find("http_endpoint")); !v.empty()) o.http_endpoint = v;
    if (std::string v = scalar(m->find("http_tokens")); !v.empty()) o.http_tokens = v;
    if (std::string v = scalar(m->find("http_put_response_hop_limit")); !v.empty() && v != "0") {
      char* end = nullptr;
      o.http_put_response_hop_limit = std::strtoll(v.c_str(), &end, 10);
      if (*end) o.http_put_response_hop_limit = -1;
    }
    if (std::string v = scalar(m->find("instance_metadata_tags")); !v.empty()) o.instance_metadata_tags = v;
    if (!one_of(o.http_endpoint, {"enabled", "disabled"}))
      n.error("metadata_options", "http_endpoint requires either disabled or enabled as its value");
    if (!one_of(o.http_tokens, {"optional", "required"}))
      n.error("metadata_options", "http_tokens requires either optional or required as its value");
    if (o.http_put_response_hop_limit < 1 || o.http_put_response_hop_limit > 64)
      n.error("metadata_options", "http_put_response_hop_limit requires a number between 1 and 64");
    if (!one_of(o.instance_metadata_tags, {"enabled", "disabled"}))
      n.error("metadata_options", "instance_metadata_tags requires either disabled or enabled as its value");
    c.metadata_options = o;
  }

  c.imds_support = config.str("imds_support");
  if (!c.imds_support.empty() && c.imds_support != "v2.0")
    n.error("imds_support", "The only valid imds_support values are \"v2.0\" or the empty string");

  if (std::string at = config.str("deprecate_at"); !at.empty()) {
    if (auto utc = rfc3339_to_utc(at))
      c.deprecate_at = *utc;
    else
      n.error("deprecate_at",
              fmt::format("deprecate_at is not a valid time: \"{}\". Expect time format: YYYY-MM-DDTHH:MM:SSZ", at));
  }

  if (const Value* d = n.object("deregistration_protection", {"enabled", "with_cooldown"})) {
    c.deregistration_protection.with_cooldown = truthy(d->find("with_cooldown"));
    c.deregistration_protection.enabled = truthy(d->find("enabled")) || c.deregistration_protection.with_cooldown;
  }

  c.ami_org_arns = config.strings("ami_org_arns");
  c.ami_ou_arns = config.strings("ami_ou_arns");
  c.snapshot_copy_duration_minutes = config.integer("snapshot_copy_duration_minutes");
  if (config.has("skip_ami_run_tags")) c.skip_ami_run_tags = config.boolean("skip_ami_run_tags");
  c.temporary_security_group_source_public_ip = config.boolean("temporary_security_group_source_public_ip");

  c.capacity_reservation_preference = config.str("capacity_reservation_preference");
  c.capacity_reservation_id = config.str("capacity_reservation_id");
  c.capacity_reservation_group_arn = config.str("capacity_reservation_group_arn");
  if (!c.capacity_reservation_id.empty() && !c.capacity_reservation_group_arn.empty())
    n.error("capacity_reservation_id",
            "capacity_reservation_id and capacity_reservation_group_arn are mutually exclusive, only one should be used");
  if ((!c.capacity_reservation_id.empty() || !c.capacity_reservation_group_arn.empty()) &&
      !c.capacity_reservation_preference.empty())
    n.error("capacity_reservation_preference",
            "capacity_reservation_id, capacity_reservation_group_arn and capacity_reservation_preference are mutually "
            "exclusive, only one should be set");
  if (!one_of(c.capacity_reservation_preference, {"", "none", "open"}))
    n.error("capacity_reservation_preference", "capacity_reservation_preference only accepts 'none' or 'open' values");

  if (const Value* p = n.object("placement", {"host_resource_group_arn", "host_id", "tenancy"})) {
    c.placement.host_resource_group_arn = scalar(p->find("host_resource_group_arn"));
    c.placement.host_id = scalar(p->find("host_id"));
    c.placement.tenancy = scalar(p->find("tenancy"));
  }
  std::string tenancy = config.str("tenancy");
  if (!c.placement.tenancy.empty() && !tenancy.empty())
    n.error("tenancy", "Error: Please set only one of placement.tenancy and tenancy (deprecated)");
  if (c.placement.tenancy.empty()) c.placement.tenancy = tenancy;
  if (!one_of(c.placement.tenancy, {"", "default", "dedicated", "host"}))
    n.error(tenancy.empty() ? "placement" : "tenancy", fmt::format("Error: Unknown tenancy type {}", c.placement.tenancy));
  if (!c.placement.host_id.empty() && !c.placement.host_resource_group_arn.empty())
    n.error("placement", "The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.");
  if ((!c.placement.host_id.empty() || !c.placement.host_resource_group_arn.empty()) &&
      !one_of(c.placement.tenancy, {"", "host"}))
    n.error("placement",
            "The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.");

  if (const Value* list = config.value("license_specifications"); list && list->is_array()) {
    for (size_t i = 0; i < list->items().size(); ++i) {
      const Value& item = list->items()[i];
      const Value* request = item.is_object() ? item.find("license_configuration_request") : nullptr;
      const Value* arn = request && request->is_object() ? request->find("license_configuration_arn") : nullptr;
      if (!arn || scalar(arn).empty()) {
        problems.add(item.pos(), fmt::format("{}.license_specifications[{}]", config.path(), i),
                     "expected {\"license_configuration_request\": {\"license_configuration_arn\": \"...\"}}");
        continue;
      }
      c.license_configuration_arns.push_back(scalar(arn));
    }
  }

  if (config.boolean("enable_unlimited_credits")) {
    c.enable_unlimited_credits = true;
    if (!burstable(c.instance_type))
      n.error("enable_unlimited_credits",
              fmt::format("Error: Instance Type: {} is not within the supported types for Unlimited credits. "
                          "Supported instance types are T2, T3, and T4g",
                          c.instance_type));
    if (!config.str("spot_price").empty() && c.instance_type.rfind("t2.", 0) == 0)
      n.error("enable_unlimited_credits", "Error: Unlimited credits cannot be used in conjunction with Spot Instances");
  }
  c.enable_nitro_enclave = config.boolean("enable_nitro_enclave");
  if (c.enable_nitro_enclave) {
    if (!config.str("spot_price").empty())
      n.error("enable_nitro_enclave", "Error: Nitro Enclave cannot be used in conjunction with Spot Instances");
    if (c.instance_type.rfind('t', 0) == 0)
      n.error("enable_nitro_enclave",
              fmt::format("Error: Nitro Enclaves cannot be used in conjunction with burstable instance types: {}",
                          c.instance_type));
  }

  // Spot-only options, checked as the plugin does.
  c.fleet_tags = config.string_map("fleet_tags");
  c.spot_allocation_strategy = config.str("spot_allocation_strategy");
  if (set(config.value("fleet_tag")))
    n.error("fleet_tag", "fleet_tag is not supported by kiln's amazon builders yet; use fleet_tags");
  if ((config.value("fleet_tags") && !config.value("fleet_tags")->is_null()) || set(config.value("fleet_tag")))
    if (!spot)
      n.error(config.value("fleet_tags") ? "fleet_tags" : "fleet_tag",
              "fleet_tags should not be set when not requesting a spot instance");
  if (std::string s = config.str("spot_allocation_strategy");
      !s.empty() && !one_of(s, {"lowest-price", "diversified", "capacity-optimized", "capacity-optimized-prioritized",
                                "price-capacity-optimized"}))
    n.error("spot_allocation_strategy", fmt::format("Unknown spot_allocation_strategy: {}", s));

  if (!c.ami_users.empty() || !c.ami_org_arns.empty() || !c.ami_ou_arns.empty()) {
    if (c.kms_key_id.empty() && c.region_kms_key_ids.empty() && c.encrypt_boot.value_or(false))
      n.error("encrypt_boot", "Cannot share AMI encrypted with default KMS key");
    for (const auto& [region, key] : c.region_kms_key_ids)
      if (key.empty()) n.error("region_kms_key_ids", "Cannot share AMI encrypted with default KMS key for other regions");
  }

  c.temporary_key_pair_type = config.str("temporary_key_pair_type");
  if (!one_of(c.temporary_key_pair_type, {"", "rsa", "ed25519"}))
    n.error("temporary_key_pair_type", "temporary_key_pair_type requires either rsa or ed25519 as its value");

  if (set(config.value("fast_launch")))
    n.error("fast_launch", fmt::format("fast_launch (Windows fast launch) is not supported by kiln's {}", builder_type));
}

}  // namespace kiln::amazon
