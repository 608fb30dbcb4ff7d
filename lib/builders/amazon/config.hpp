// amazon-ebs configuration, typed: what the decoder produces from a template block.
#pragma once

#include "comm/comm_config.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiln::amazon {

struct BlockDevice {
  std::string device_name;
  std::optional<bool> delete_on_termination;
  std::optional<bool> encrypted;
  int64_t iops = 0;
  int64_t throughput = 0;
  bool no_device = false;
  std::string snapshot_id;
  std::string virtual_name;
  std::string volume_type;
  int64_t volume_size = 0;
  std::string kms_key_id;
};

struct AmiFilter {
  std::map<std::string, std::vector<std::string>> filters;
  std::vector<std::string> owners;
  bool most_recent = false;
  bool empty() const { return filters.empty() && owners.empty(); }
};

// aws_polling; 0 means the waiter's own default (AWS_POLL_DELAY_SECONDS / AWS_MAX_ATTEMPTS
// from the environment, else the SDK waiter's).
// aws_polling, else AWS_POLL_DELAY_SECONDS / AWS_MAX_ATTEMPTS; 0 = the waiter's default.
struct Polling {
  int delay_seconds = 0;
  int max_attempts = 0;
};

// metadata_options (later Packer): the instance metadata service settings, with the plugin's defaults.
struct MetadataOptions {
  std::string http_endpoint = "enabled";
  std::string http_tokens = "optional";
  int64_t http_put_response_hop_limit = 1;
  std::string instance_metadata_tags = "disabled";
};

// deregistration_protection (later Packer).
struct DeregistrationProtection {
  bool enabled = false;
  bool with_cooldown = false;
};

// placement (later Packer); tenancy also comes from the older top-level `tenancy`.
struct Placement {
  std::string host_resource_group_arn;
  std::string host_id;
  std::string tenancy;
};

// Packer's AccessConfig: credentials, region, endpoint, retries and polling, as the amazon builders and
// amazon-import read them.
struct AccessConfig {
  std::string access_key, secret_key, token, profile, shared_credentials_file;
  std::string region;
  std::string custom_endpoint_ec2;
  bool insecure_skip_tls_verify = false;
  int max_retries = 0;  // 0: the SDK default
  Polling polling;
};

struct EbsConfig : AccessConfig {
  bool skip_region_validation = false;

  // AMI.
  std::string ami_name;
  std::string ami_description;
  std::string ami_virtualization_type;
  std::vector<std::string> ami_users, ami_groups, ami_product_codes, ami_regions;
  std::map<std::string, std::string> tags;
  std::optional<bool> ena_support;
  bool sriov_support = false;
  bool force_deregister = false;
  bool skip_create_ami = false;  // beyond Packer 1.6.6 (added later)
  bool force_delete_snapshot = false;
  std::optional<bool> encrypt_boot;
  std::string kms_key_id;
  std::map<std::string, std::string> region_kms_key_ids;
  bool skip_save_build_region = false;
  std::map<std::string, std::string> snapshot_tags;
  std::vector<std::string> snapshot_users, snapshot_groups;
  std::vector<BlockDevice> ami_block_device_mappings;
  // Later Packer's AMI options; each is sent only when the template sets it, so 1.6.6 templates
  // make 1.6.6's requests.
  std::vector<std::string> ami_org_arns, ami_ou_arns;
  std::string imds_support;                // "" or "v2.0"
  std::string deprecate_at;                // EC2's UTC timestamp form; "" when unset
  DeregistrationProtection deregistration_protection;
  int64_t snapshot_copy_duration_minutes = 0;
  std::optional<bool> skip_ami_run_tags;   // set false: the run tags also tag the AMI and its snapshots

  // Run.
  std::optional<bool> associate_public_ip_address;
  std::string availability_zone;
  bool disable_stop_instance = false;
  bool ebs_optimized = false;
  std::string iam_instance_profile;
  std::string shutdown_behavior = "stop";
  std::string instance_type;
  std::map<std::string, std::string> run_tags, run_volume_tags;
  std::vector<std::string> security_group_ids;
  std::string source_ami;
  AmiFilter source_ami_filter;
  std::string subnet_id, vpc_id;
  std::vector<std::string> temporary_security_group_source_cidrs;
  std::string user_data, user_data_file;
  std::vector<BlockDevice> launch_block_device_mappings;
  // Later Packer's launch options (see above: sent only when set).
  std::optional<MetadataOptions> metadata_options;
  std::string capacity_reservation_preference, capacity_reservation_id, capacity_reservation_group_arn;
  Placement placement;
  std::vector<std::string> license_configuration_arns;
  bool enable_unlimited_credits = false;
  bool enable_nitro_enclave = false;
  bool temporary_security_group_source_public_ip = false;
  // Spot (Packer 1.6.6: a launch template and an instant CreateFleet). A spot instance is asked for
  // when spot_price is set and not "0"; "auto" caps the price at the on-demand price.
  std::string spot_price;
  std::vector<std::string> spot_instance_types;  // instead of instance_type: the fleet picks one
  std::map<std::string, std::string> spot_tags;  // on the launch template and the spot request
  int64_t block_duration_minutes = 0;
  std::string spot_price_auto_product;  // deprecated by 1.6.6: a warning, no effect
  std::map<std::string, std::string> fleet_tags;  // later Packer: on the fleet
  std::string spot_allocation_strategy;           // later Packer: SpotOptions.AllocationStrategy
  bool is_spot() const { return !spot_price.empty() && spot_price != "0"; }
  // Where temporary_security_group_source_public_ip asks for this host's address, as the plugin.
  std::string check_ip_url = "https://checkip.amazonaws.com";

  // Communicator.
  std::string communicator = "ssh";  // "ssh" or "none"
  std::string ssh_host;
  int ssh_port = 22;
  std::string ssh_username;
  std::string ssh_password;
  std::string ssh_private_key_file;
  std::string ssh_keypair_name;
  std::string temporary_key_pair_name;  // generated when empty and a key pair is needed
  std::string temporary_key_pair_type;  // "rsa" or "ed25519" (later Packer); "" sends no KeyType, as 1.6.6
  bool ssh_clear_authorized_keys = false;
  std::string ssh_interface;            // public_ip, private_ip, public_dns, private_dns
  CommSettings comm;                    // the shared communicator settings (timeouts, pty, host key …)
};

// amazon-instance's own options (an instance-store AMI bundled on the instance and uploaded to S3).
struct InstanceStoreConfig {
  std::string account_id;  // dashes removed, as Packer
  std::string s3_bucket;
  std::string x509_cert_path, x509_key_path;
  std::string x509_upload_path = "/tmp";
  std::string bundle_destination = "/tmp";
  std::string bundle_prefix;  // "" = "image-{{timestamp}}", rendered when the build runs
  // Late templates ({{.KeyPath}} …, {{.SecretKey}} …); Packer's defaults when not set.
  std::string bundle_vol_command, bundle_upload_command;
};

}  // namespace kiln::amazon
