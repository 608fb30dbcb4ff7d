// amazon-ebs: template values → EbsConfig, with Packer 1.6.6's validation messages.
#include <fmt/format.h>

#include <arpa/inet.h>

#include <cstdlib>
#include <filesystem>

#include "aws/region.hpp"
#include "builders/amazon/decode_shared.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "util/expand_user.hpp"

namespace kiln::amazon {

namespace {

std::string scalar(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_integer()) return std::to_string(v.as_int());
  if (v.is_number()) return fmt::format("{}", v.as_number());
  return {};
}

std::optional<bool> as_bool(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  std::string s = scalar(v);
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

std::vector<std::string> string_list(const Value& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const auto& item : v.items()) out.push_back(scalar(item));
  else if (!v.is_null())
    out.push_back(scalar(v));
  return out;
}

std::vector<BlockDevice> block_devices(const ConfigReader& r, const std::string& key) {
  std::vector<BlockDevice> out;
  const Value* list = r.config.value(key);
  if (!list) return out;
  for (size_t i = 0; i < list->items().size(); ++i) {
    const Value& item = list->items()[i];
    std::string where = fmt::format("{}[{}]", key, i);
    if (!item.is_object()) {
      r.problems.add(item.pos(), r.config.path() + "." + where, "expected an object");
      continue;
    }
    r.keys_ok(item, where, {"delete_on_termination", "device_name", "encrypted", "iops", "no_device", "snapshot_id",
                            "throughput", "virtual_name", "volume_type", "volume_size", "kms_key_id"});
    BlockDevice d;
    auto get = [&](const char* k) -> const Value* { return item.find(k); };
    if (auto v = get("device_name")) d.device_name = scalar(*v);
    if (auto v = get("delete_on_termination")) d.delete_on_termination = as_bool(*v);
    if (auto v = get("encrypted")) d.encrypted = as_bool(*v);
    if (auto v = get("iops")) d.iops = std::atoll(scalar(*v).c_str());
    if (auto v = get("throughput")) d.throughput = std::atoll(scalar(*v).c_str());
    if (auto v = get("no_device")) d.no_device = as_bool(*v).value_or(false);
    if (auto v = get("snapshot_id")) d.snapshot_id = scalar(*v);
    if (auto v = get("virtual_name")) d.virtual_name = scalar(*v);
    if (auto v = get("volume_type")) d.volume_type = scalar(*v);
    if (auto v = get("volume_size")) d.volume_size = std::atoll(scalar(*v).c_str());
    if (auto v = get("kms_key_id")) d.kms_key_id = scalar(*v);
    if (d.device_name.empty())
      r.problems.add(item.pos(), r.config.path() + "." + where,
                     "The `device_name` must be specified for every device in the block device mapping.");
    if (!d.kms_key_id.empty() && !d.encrypted.value_or(false))
      r.problems.add(item.pos(), r.config.path() + "." + where,
                     fmt::format("The device {}, must also have `encrypted: true` when setting a kms_key_id.",
                                 d.device_name));
    out.push_back(d);
  }
  return out;
}

bool valid_cidr(const std::string& cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string::npos) return false;
  std::string addr = cidr.substr(0, slash), bits = cidr.substr(slash + 1);
  unsigned char buf[16];
  int max = inet_pton(AF_INET, addr.c_str(), buf) == 1 ? 32 : inet_pton(AF_INET6, addr.c_str(), buf) == 1 ? 128 : -1;
  if (max < 0 || bits.empty() || bits.find_first_not_of("0123456789") != std::string::npos) return false;
  return std::atoi(bits.c_str()) <= max;
}

// Packer's templateCleanAMIName alphabet.
bool clean_ami_name(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](unsigned char ch) {
    return std::isalnum(ch) || std::string_view("()[] ./-'@_").find(static_cast<char>(ch)) != std::string_view::npos;
  });
}

}  // namespace

void decode_access(const ConfigReader& r, AccessConfig& c) {
  const Config& config = r.config;
  c.access_key = config.str("access_key");
  c.secret_key = config.str("secret_key");
  c.token = config.str("token");
  c.profile = config.str("profile");
  c.shared_credentials_file = config.str("shared_credentials_file");
  c.region = aws::resolve_region({config.str("region"), c.profile, &config.environment()});
  c.custom_endpoint_ec2 = config.str("custom_endpoint_ec2");
  c.insecure_skip_tls_verify = config.boolean("insecure_skip_tls_verify");
  c.max_retries = static_cast<int>(config.integer("max_retries", 10));
  if (c.max_retries == 0) c.max_retries = 10;
  if (const Value* p = config.value("aws_polling"); p && p->is_object()) {
    r.keys_ok(*p, "aws_polling", {"delay_seconds", "max_attempts"});
    if (auto v = p->find("delay_seconds")) c.polling.delay_seconds = std::atoi(scalar(*v).c_str());
    if (auto v = p->find("max_attempts")) c.polling.max_attempts = std::atoi(scalar(*v).c_str());
  }
  // Without aws_polling, the waiters read these as Packer's do (0 = the waiter's own default).
  if (c.polling.delay_seconds <= 0)
    c.polling.delay_seconds = std::atoi(config.environment().value("AWS_POLL_DELAY_SECONDS").c_str());
  if (c.polling.max_attempts <= 0)
    c.polling.max_attempts = std::atoi(config.environment().value("AWS_MAX_ATTEMPTS").c_str());
}

void decode_access_and_ami(const ConfigReader& r, EbsConfig& c) {
  const Config& config = r.config;
  decode_access(r, c);
  c.skip_region_validation = config.boolean("skip_region_validation");
  c.ami_name = config.str("ami_name");
  c.ami_description = config.str("ami_description");
  c.ami_virtualization_type = config.str("ami_virtualization_type");
  c.ami_users = config.strings("ami_users");
  c.ami_groups = config.strings("ami_groups");
  c.ami_product_codes = config.strings("ami_product_codes");
  c.ami_regions = config.strings("ami_regions");
  c.tags = config.string_map("tags");
  if (config.has("ena_support")) c.ena_support = config.boolean("ena_support");
  c.sriov_support = config.boolean("sriov_support");
  c.force_deregister = config.boolean("force_deregister");
  c.skip_create_ami = config.boolean("skip_create_ami");
  c.force_delete_snapshot = config.boolean("force_delete_snapshot");
  if (config.has("encrypt_boot")) c.encrypt_boot = config.boolean("encrypt_boot");
  c.kms_key_id = config.str("kms_key_id");
  c.region_kms_key_ids = config.string_map("region_kms_key_ids");
  c.skip_save_build_region = config.boolean("skip_save_build_region");
  c.snapshot_tags = config.string_map("snapshot_tags");
  c.snapshot_users = config.strings("snapshot_users");
  c.snapshot_groups = config.strings("snapshot_groups");
  c.ami_block_device_mappings = block_devices(r, "ami_block_device_mappings");
}

void decode_source_ami(const ConfigReader& r, EbsConfig& c) {
  const Config& config = r.config;
  c.source_ami = config.str("source_ami");
  if (const Value* f = config.value("source_ami_filter"); f && f->is_object()) {
    r.keys_ok(*f, "source_ami_filter", {"filters", "owners", "most_recent"});
    if (const Value* filters = f->find("filters"); filters && filters->is_object())
      for (size_t i = 0; i < filters->keys().size(); ++i)
        c.source_ami_filter.filters[filters->keys()[i]] = string_list(filters->member(i));
    if (const Value* owners = f->find("owners")) c.source_ami_filter.owners = string_list(*owners);
    if (const Value* recent = f->find("most_recent")) c.source_ami_filter.most_recent = as_bool(*recent).value_or(false);
  }
}

void check_ami_name(const ConfigReader& r, const EbsConfig& c) {
  if (c.ami_name.empty())
    r.error("", "ami_name must be specified");
  else if (c.ami_name.size() < 3 || c.ami_name.size() > 128)
    r.error("ami_name", "ami_name must be between 3 and 128 characters long");
  if (!c.ami_name.empty() && !clean_ami_name(c.ami_name))
    r.error("ami_name",
            "AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), "
            "periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the "
            "`clean_resource_name` template filter to automatically clean your ami name.");
  for (const auto& [region, key] : c.region_kms_key_ids) {
    (void)key;
    if (std::find(c.ami_regions.begin(), c.ami_regions.end(), region) == c.ami_regions.end())
      r.error("region_kms_key_ids", fmt::format("Region {} is in region_kms_key_ids but not in ami_regions", region));
  }
}

EbsConfig decode_ebs_config(const Config& config, Problems& problems, std::string_view builder_type) {
  ConfigReader r{config, problems};
  EbsConfig c;
  decode_access_and_ami(r, c);

  if (config.has("associate_public_ip_address"))
    c.associate_public_ip_address = config.boolean("associate_public_ip_address");
  c.availability_zone = config.str("availability_zone");
  c.disable_stop_instance = config.boolean("disable_stop_instance");
  c.ebs_optimized = config.boolean("ebs_optimized");
  c.iam_instance_profile = config.str("iam_instance_profile");
  c.shutdown_behavior = config.str("shutdown_behavior", "stop");
  c.instance_type = config.str("instance_type");
  c.run_tags = config.string_map("run_tags");
  c.run_volume_tags = config.string_map("run_volume_tags");
  c.security_group_ids = config.strings("security_group_ids");
  decode_source_ami(r, c);
  c.subnet_id = config.str("subnet_id");
  c.vpc_id = config.str("vpc_id");
  c.temporary_security_group_source_cidrs = config.strings("temporary_security_group_source_cidrs");
  c.user_data = config.str("user_data");
  c.user_data_file = config.str("user_data_file");
  c.launch_block_device_mappings = block_devices(r, "launch_block_device_mappings");
  c.spot_price = config.str("spot_price");
  c.spot_instance_types = config.strings("spot_instance_types");
  c.spot_tags = config.string_map("spot_tags");
  c.spot_price_auto_product = config.str("spot_price_auto_product");
  c.block_duration_minutes = config.integer("block_duration_minutes");

  c.communicator = config.str("communicator", "ssh");
  c.ssh_host = config.str("ssh_host");
  c.ssh_port = static_cast<int>(config.integer("ssh_port", 22));
  c.ssh_username = config.str("ssh_username");
  c.ssh_password = config.str("ssh_password");
  c.ssh_private_key_file = expand_user(config.str("ssh_private_key_file"), config.environment());
  c.ssh_keypair_name = config.str("ssh_keypair_name");
  c.temporary_key_pair_name = config.str("temporary_key_pair_name");
  c.ssh_clear_authorized_keys = config.boolean("ssh_clear_authorized_keys");
  c.ssh_interface = config.str("ssh_interface");
  Problems communicator_problems;
  c.comm = decode_comm_settings(config, communicator_problems);

  // Packer 1.6.6's checks, in its order.
  if (c.access_key.empty() != c.secret_key.empty())
    r.error("access_key", "`access_key` and `secret_key` must both be either set or not set.");
  if (c.region.empty())
    r.error("region", "region must be specified (in the template, AWS_REGION, AWS_DEFAULT_REGION or the profile's "
                      "region in the shared config file)");
  check_ami_name(r, c);
  // Packer's RunConfig checks the communicator first; an unsupported one is refused below.
  if (c.communicator == "ssh") r.problems.merge(communicator_problems);
  if (!c.ssh_interface.empty() && c.ssh_interface != "public_ip" && c.ssh_interface != "private_ip" &&
      c.ssh_interface != "public_dns" && c.ssh_interface != "private_dns" && c.ssh_interface != "session_manager")
    r.error("ssh_interface", fmt::format("Unknown interface type: {}", c.ssh_interface));
  if (!c.ssh_keypair_name.empty() && c.ssh_private_key_file.empty() && !config.boolean("ssh_agent_auth"))
    r.error("ssh_keypair_name",
            "ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.");
  if (c.source_ami.empty() && c.source_ami_filter.empty())
    r.error("", "A source_ami or source_ami_filter must be specified");
  // Also with no filter at all: Packer 1.6.6 then gives this error as well as the one above.
  if (c.source_ami.empty() && c.source_ami_filter.owners.empty())
    r.error("source_ami_filter", "For security reasons, your source AMI filter must declare an owner.");
  bool spot_types = !c.spot_instance_types.empty();
  if (c.instance_type.empty() && !spot_types) r.error("", "either instance_type or spot_instance_types must be specified");
  if (!c.instance_type.empty() && spot_types)
    r.error("instance_type", "either instance_type or spot_instance_types must be specified, not both");
  if (c.block_duration_minutes % 60 != 0)
    r.error("block_duration_minutes", "block_duration_minutes must be multiple of 60");
  if (config.has("spot_tags") && !c.is_spot())
    r.error("spot_tags", "spot_tags should not be set when not requesting a spot instance");
  std::error_code unreadable;  // a path that cannot even be stat'ed (too long, no permission) counts as missing
  if (!c.user_data.empty() && !c.user_data_file.empty())
    r.error("user_data", "Only one of user_data or user_data_file can be specified.");
  else if (!c.user_data_file.empty() && !std::filesystem::exists(c.user_data_file, unreadable))
    r.error("user_data_file", fmt::format("user_data_file not found: {}", c.user_data_file));
  if (std::string sg = config.str("security_group_id"); !sg.empty()) {
    if (!c.security_group_ids.empty())
      r.error("security_group_id", "Only one of security_group_id or security_group_ids can be specified.");
    else
      c.security_group_ids = {sg};
  }
  for (const auto& cidr : c.temporary_security_group_source_cidrs)
    if (!valid_cidr(cidr))
      r.error("temporary_security_group_source_cidrs",
              fmt::format("Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: {}", cidr));
  if (c.shutdown_behavior != "stop" && c.shutdown_behavior != "terminate")
    r.error("shutdown_behavior", "shutdown_behavior only accepts 'stop' or 'terminate' values.");
  if (config.boolean("enable_t2_unlimited")) {
    if (!c.spot_price.empty())
      r.error("enable_t2_unlimited", "Error: T2 Unlimited cannot be used in conjunction with Spot Instances");
    // Sent as the later enable_unlimited_credits is (CreditSpecification.CpuCredits=unlimited).
    c.enable_unlimited_credits = true;
    if (auto dot = c.instance_type.find('.'); dot == std::string::npos)
      r.error("enable_t2_unlimited", fmt::format("Error determining main Instance Type from: {}", c.instance_type));
    else if (c.instance_type.substr(0, dot) != "t2")
      r.error("enable_t2_unlimited",
              fmt::format("Error: T2 Unlimited enabled with a non-T2 Instance Type: {}", c.instance_type));
  }
  if (c.communicator != "ssh" && c.communicator != "none")
    r.error("communicator", fmt::format("communicator \"{}\" is not supported by kiln's {}", c.communicator, builder_type));

  if (c.is_spot() && (c.ena_support.value_or(false) || c.sriov_support))
    r.error("", "Spot instances do not support modification, which is required when either `ena_support` or "
                "`sriov_support` are set. Please ensure you use an AMI that already has either SR-IOV or ENA enabled.");

  decode_current_options(config, problems, c, builder_type);

  // Accepted by Packer 1.6.6 but not implemented by kiln: refuse rather than ignore.
  for (const char* key : {"assume_role", "vault_aws_engine", "mfa_code", "subnet_filter", "vpc_filter",
                          "security_group_filter", "temporary_iam_instance_profile_policy_document",
                          "skip_save_build_region"}) {
    const Value* v = config.value(key);
    bool set = v && !v->is_null() && !(v->is_bool() && !v->as_bool()) && !(v->is_object() && v->size() == 0) &&
               !(v->is_array() && v->size() == 0) && !(v->is_string() && v->as_string().empty()) &&
               !(v->is_number() && v->as_number() == 0);
    if (set) r.error(key, fmt::format("{} is not supported by kiln's {} yet", key, builder_type));
  }
  if (c.ssh_interface == "session_manager")
    r.error("ssh_interface", fmt::format("ssh_interface \"session_manager\" is not supported by kiln's {} yet", builder_type));
  return c;
}

}  // namespace kiln::amazon
