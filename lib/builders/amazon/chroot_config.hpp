// amazon-chroot configuration, typed: Packer's chroot options next to the access, AMI and source
// AMI options it shares with amazon-ebs.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "builders/amazon/config.hpp"
#include "kiln/config.hpp"

namespace kiln::amazon {

struct ChrootConfig {
  // Access, AMI (ami_*, tags, snapshot_*, ami_block_device_mappings) and source AMI options; the
  // instance and communicator fields stay unset.
  EbsConfig ami;

  std::vector<std::array<std::string, 3>> chroot_mounts;  // type, source, path inside the chroot
  std::string command_wrapper = "{{.Command}}";           // late: {{.Command}}
  std::vector<std::string> copy_files;                     // default /etc/resolv.conf unless from_scratch
  std::string device_path;                                 // "" = the first free /dev/{sd,xvd}[f-p]
  std::string nvme_device_path;
  bool from_scratch = false;
  std::vector<std::string> mount_options;
  std::string mount_partition = "1";
  std::string mount_path = "/mnt/packer-amazon-chroot-volumes/{{.Device}}";  // late: {{.Device}}
  std::vector<std::string> pre_mount_commands;   // late: {{.Device}}
  std::vector<std::string> post_mount_commands;  // late: {{.Device}}, {{.MountPath}}
  std::string root_device_name;
  int64_t root_volume_size = 0;
  std::string root_volume_type;
  std::map<std::string, std::string> root_volume_tags;  // late, as the AMI tags
  std::optional<bool> root_volume_encrypt_boot;
  std::string root_volume_kms_key_id;
  std::string architecture = "x86_64";  // ami_architecture
};

const Schema& chroot_schema();
// Converts a decoded amazon-chroot block, adding Packer 1.6.6's validation errors.
ChrootConfig decode_chroot_config(const Config& config, Problems& problems);

}  // namespace kiln::amazon
