// amazon-chroot's keys: Packer 1.6.6's chroot options, plus the access, AMI and source AMI keys it
// shares with amazon-ebs (taken from that schema so the two never drift apart).
#include <algorithm>
#include <string_view>

#include "builders/amazon/chroot_config.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "template/fix/deprecated_keys.hpp"

namespace kiln::amazon {

namespace {

constexpr std::string_view kSharedKeys[] = {
    // AMIConfig
    "ami_name", "ami_description", "ami_virtualization_type", "ami_users", "ami_groups", "ami_product_codes",
    "ami_regions", "skip_region_validation", "tags", "tag", "ena_support", "sriov_support", "force_deregister",
    "force_delete_snapshot", "encrypt_boot", "kms_key_id", "region_kms_key_ids", "skip_save_build_region",
    "snapshot_tags", "snapshot_tag", "snapshot_users", "snapshot_groups",
    // the chroot builder's own fields with amazon-ebs's meaning
    "ami_block_device_mappings", "source_ami", "source_ami_filter"};

std::vector<Field> chroot_fields() {
  std::vector<Field> fields = access_fields();
  for (const Field& f : ebs_schema().fields)
    if (std::find(std::begin(kSharedKeys), std::end(kSharedKeys), f.key) != std::end(kSharedKeys)) fields.push_back(f);
  std::vector<Field> own = {
      {"chroot_mounts", FieldType::List, false, "[[type, source, path], …] mounted inside the chroot (default proc, sys, dev, devpts, binfmt_misc)"},
      {"command_wrapper", FieldType::String, false, "wraps every host command; {{.Command}} is the command (default \"{{.Command}}\")", true},
      {"copy_files", FieldType::StringList, false, "host files copied into the chroot for provisioning (default /etc/resolv.conf)"},
      {"device_path", FieldType::String, false, "where the attached volume appears (default: the first free /dev/sd[f-p] or /dev/xvd[f-p])"},
      {"nvme_device_path", FieldType::String, false, "the volume's NVMe device to mount instead of device_path"},
      {"from_scratch", FieldType::Bool, false, "start from an empty volume of root_volume_size instead of a source AMI"},
      {"mount_options", FieldType::StringList, false, "mount -o options for the root device"},
      {"mount_partition", FieldType::String, false, "partition to mount on HVM images (default \"1\"; \"0\": the whole device)"},
      {"mount_path", FieldType::String, false, "where the root device is mounted; {{.Device}} is its name (default /mnt/packer-amazon-chroot-volumes/{{.Device}})", true},
      {"post_mount_commands", FieldType::StringList, false, "host commands after mounting; {{.Device}}, {{.MountPath}}", true},
      {"pre_mount_commands", FieldType::StringList, false, "host commands before mounting; {{.Device}}", true},
      {"root_device_name", FieldType::String, false, "the AMI's root device (with ami_block_device_mappings or from_scratch)"},
      {"root_volume_size", FieldType::Int, false, "size of the root volume in GiB"},
      {"root_volume_type", FieldType::String, false, "EBS type of the root volume"},
      {"root_volume_tags", FieldType::StringMap, false, "tags for the root volume", true},
      {"root_volume_tag", FieldType::List, false, "accepted as in Packer 1.6.6"},
      {"root_volume_encrypt_boot", FieldType::Bool, false, "encrypt the root volume"},
      {"root_volume_kms_key_id", FieldType::String, false, "KMS key for root_volume_encrypt_boot"},
      {"ami_architecture", FieldType::String, false, "\"x86_64\" (default) or \"arm64\", for from_scratch"},
  };
  fields.insert(fields.end(), own.begin(), own.end());
  return fields;
}

}  // namespace

const Schema& chroot_schema() {
  static const Schema schema{.fields = chroot_fields(), .deprecated = fix::amazon_deprecated_keys()};
  return schema;
}

}  // namespace kiln::amazon
