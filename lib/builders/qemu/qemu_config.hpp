// qemu builder configuration, typed: Packer 1.6.6's qemu options with their defaults applied.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "comm/comm_config.hpp"
#include "kiln/config.hpp"

namespace kiln::qemu {

struct QemuImgArgs {
  std::vector<std::string> convert, create, resize;
};

struct QemuConfig {
  std::string build_name;
  bool force = false;

  // ISO (or, with disk_image, the source disk): URLs tried in order, checksum "none" or "type:hex".
  std::vector<std::string> iso_urls;
  std::string iso_checksum;
  std::string iso_target_path, iso_target_extension = "iso";
  bool iso_skip_cache = false;

  std::string accelerator;  // kvm when /dev/kvm opens, else tcg
  std::vector<std::string> disk_additional_size;
  int cpus = 1;
  std::string disk_interface = "virtio";
  std::string disk_size = "40960M";
  bool skip_resize_disk = false;
  std::string disk_cache = "writeback", disk_discard = "ignore", disk_detect_zeroes = "off";
  bool skip_compaction = false, disk_compression = false;
  std::string format = "qcow2";
  bool headless = false, disk_image = false, use_backing_file = false;
  std::string machine_type = "pc";
  int memory = 512;
  std::string net_device = "virtio-net";
  std::string output_directory;  // output-<build name>
  Value qemuargs;                // late: rows of strings rendered with {{.HTTPIP}} … at run time
  QemuImgArgs qemu_img_args;
  std::string qemu_binary = "qemu-system-x86_64";
  bool qmp_enable = false;
  std::string qmp_socket_path;
  bool use_default_display = false;
  std::string display;
  std::string vnc_bind_address = "127.0.0.1";
  int vnc_port_min = 5900, vnc_port_max = 6000;
  std::string vm_name;  // packer-<build name>
  std::string cdrom_interface;
  std::vector<std::string> cd_files;  // expanded: an ISO of them is attached after the source ISO
  std::string cd_label;

  std::string http_directory, http_bind_address = "0.0.0.0";
  std::map<std::string, std::string> http_content;  // Packer 1.7's, served instead of a directory
  int http_port_min = 8000, http_port_max = 9000;

  std::chrono::milliseconds boot_wait{10000};
  std::vector<std::string> boot_command;  // late: {{.HTTPIP}}, {{.HTTPPort}}, {{.Name}}
  std::chrono::milliseconds boot_key_interval{0}, boot_keygroup_interval{0};
  bool disable_vnc = false;

  std::string shutdown_command;
  std::chrono::milliseconds shutdown_timeout{5 * 60 * 1000};

  CommSettings comm;
  int host_port_min = 2222, host_port_max = 4444;
  bool skip_nat_mapping = false;
};

const Schema& qemu_schema();
// Converts a decoded qemu block, adding Packer 1.6.6's validation errors and warnings.
QemuConfig decode_qemu_config(const Config& config, Problems& problems);

}  // namespace kiln::qemu
