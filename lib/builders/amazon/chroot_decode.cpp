// amazon-chroot: template values → ChrootConfig, with Packer 1.6.6's defaults and messages.
#include <fmt/format.h>

#include "builders/amazon/chroot_config.hpp"
#include "builders/amazon/decode_shared.hpp"

namespace kiln::amazon {

namespace {

std::vector<std::array<std::string, 3>> chroot_mounts(const ConfigReader& r) {
  std::vector<std::array<std::string, 3>> out;
  const Value* list = r.config.value("chroot_mounts");
  if (list && list->is_array()) {
    for (const Value& entry : list->items()) {
      if (!entry.is_array() || entry.items().size() != 3) {
        r.error("chroot_mounts", "Each chroot_mounts entry should be three elements.");
        break;
      }
      std::array<std::string, 3> mount;
      for (size_t i = 0; i < 3; ++i) mount[i] = entry.items()[i].is_string() ? entry.items()[i].as_string() : "";
      out.push_back(mount);
    }
  }
  if (out.empty() && !(list && list->is_array() && !list->items().empty()))
    out = {{"proc", "proc", "/proc"},
           {"sysfs", "sysfs", "/sys"},
           {"bind", "/dev", "/dev"},
           {"devpts", "devpts", "/dev/pts"},
           {"binfmt_misc", "binfmt_misc", "/proc/sys/fs/binfmt_misc"}};
  return out;
}

}  // namespace

ChrootConfig decode_chroot_config(const Config& config, Problems& problems) {
  ConfigReader r{config, problems};
  ChrootConfig c;
  EbsConfig& a = c.ami;
  decode_access_and_ami(r, a);
  decode_source_ami(r, a);
  a.communicator = "chroot";

  c.chroot_mounts = chroot_mounts(r);
  if (std::string wrapper = config.str("command_wrapper"); !wrapper.empty()) c.command_wrapper = wrapper;
  c.from_scratch = config.boolean("from_scratch");
  // Packer: unset copies /etc/resolv.conf (unless from_scratch); an empty list copies nothing.
  if (config.has("copy_files"))
    c.copy_files = config.strings("copy_files");
  else if (!c.from_scratch)
    c.copy_files = {"/etc/resolv.conf"};
  c.device_path = config.str("device_path");
  c.nvme_device_path = config.str("nvme_device_path");
  c.mount_options = config.strings("mount_options");
  if (std::string p = config.str("mount_partition"); !p.empty()) c.mount_partition = p;
  if (std::string p = config.str("mount_path"); !p.empty()) c.mount_path = p;
  c.pre_mount_commands = config.strings("pre_mount_commands");
  c.post_mount_commands = config.strings("post_mount_commands");
  c.root_device_name = config.str("root_device_name");
  c.root_volume_size = config.integer("root_volume_size", 0);
  c.root_volume_type = config.str("root_volume_type");
  c.root_volume_tags = config.string_map("root_volume_tags");
  if (config.has("root_volume_encrypt_boot")) c.root_volume_encrypt_boot = config.boolean("root_volume_encrypt_boot");
  c.root_volume_kms_key_id = config.str("root_volume_kms_key_id");
  if (std::string arch = config.str("ami_architecture"); !arch.empty()) c.architecture = arch;

  // Packer 1.6.6's checks, in its order.
  if (!a.source_ami_filter.empty() && a.source_ami_filter.owners.empty())
    r.error("source_ami_filter", "For security reasons, your source AMI filter must declare an owner.");
  if (a.access_key.empty() != a.secret_key.empty())
    r.error("access_key", "`access_key` and `secret_key` must both be either set or not set.");
  check_ami_name(r, a);
  if (c.from_scratch) {
    if (!a.source_ami.empty() || !a.source_ami_filter.empty())
      problems.warn("source_ami and source_ami_filter are unused when from_scratch is true");
    if (c.root_volume_size == 0) r.error("root_volume_size", "root_volume_size is required with from_scratch.");
    if (c.pre_mount_commands.empty()) r.error("pre_mount_commands", "pre_mount_commands is required with from_scratch.");
    if (a.ami_virtualization_type.empty())
      r.error("ami_virtualization_type", "ami_virtualization_type is required with from_scratch.");
    if (c.root_device_name.empty()) r.error("root_device_name", "root_device_name is required with from_scratch.");
    if (a.ami_block_device_mappings.empty())
      r.error("ami_block_device_mappings", "ami_block_device_mappings is required with from_scratch.");
  } else {
    if (a.source_ami.empty() && a.source_ami_filter.empty()) r.error("", "source_ami or source_ami_filter is required.");
    if (!a.ami_block_device_mappings.empty() && !c.root_device_name.empty()) {
      if (c.root_volume_size == 0)
        r.error("root_volume_size", "root_volume_size is required if ami_block_device_mappings is specified");
      problems.warn("ami_block_device_mappings from source image will be completely overwritten");
    } else if (!a.ami_block_device_mappings.empty()) {
      r.error("ami_block_device_mappings", "If ami_block_device_mappings is specified, root_device_name must be specified");
    } else if (!c.root_device_name.empty()) {
      r.error("root_device_name", "If root_device_name is specified, ami_block_device_mappings must be specified");
    }
    if (!c.root_volume_kms_key_id.empty() && c.root_volume_encrypt_boot == false)
      r.error("root_volume_kms_key_id",
              "If you have set root_volume_kms_key_id, root_volume_encrypt_boot must also be true.");
  }
  if (c.architecture != "x86_64" && c.architecture != "arm64")
    r.error("ami_architecture", R"(The only valid ami_architecture values are "x86_64" and "arm64")");

  // Accepted by Packer 1.6.6 but not implemented by kiln: refuse rather than ignore.
  for (const char* key : {"assume_role", "vault_aws_engine", "mfa_code", "skip_save_build_region", "root_volume_tag"}) {
    const Value* v = config.value(key);
    bool set = v && !v->is_null() && !(v->is_bool() && !v->as_bool()) && !(v->is_object() && v->size() == 0) &&
               !(v->is_array() && v->size() == 0) && !(v->is_string() && v->as_string().empty());
    if (set) r.error(key, fmt::format("{} is not supported by kiln's amazon-chroot yet", key));
  }
  return c;
}

}  // namespace kiln::amazon
