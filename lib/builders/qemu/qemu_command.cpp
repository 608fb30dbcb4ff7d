#include "builders/qemu/qemu_command.hpp"

#include <fmt/format.h>

namespace kiln::qemu {
namespace {

using Option = std::pair<std::string, std::vector<std::string>>;

void drive_and_device_options(const QemuConfig& c, const LaunchState& s, std::vector<std::string>& devices,
                              std::vector<std::string>& drives) {
  for (size_t i = 0; i < s.disk_paths.size(); ++i) {
    const std::string& path = s.disk_paths[i];
    std::string drive = fmt::format("file={},if={},cache={},discard={},format={}", path, c.disk_interface, c.disk_cache,
                                    c.disk_discard, c.format);
    if (c.disk_interface == "virtio-scsi") {
      if (i == 0) devices.push_back(fmt::format("virtio-scsi-pci,id=scsi{}", i));
      devices.push_back(fmt::format("scsi-hd,bus=scsi0.0,drive=drive{}", i));
      drive = fmt::format("if=none,file={},id=drive{},cache={},discard={},format={}", path, i, c.disk_cache,
                          c.disk_discard, c.format);
    }
    if (c.disk_detect_zeroes != "off") drive += ",detect-zeroes=" + c.disk_detect_zeroes;
    drives.push_back(std::move(drive));
  }
  devices.push_back(c.net_device + ",netdev=user.0");
  std::vector<std::string> cds;
  if (!c.disk_image) cds.push_back(s.iso_path);
  if (!s.cd_path.empty()) cds.push_back(s.cd_path);
  for (size_t i = 0; i < cds.size(); ++i) {
    if (c.cdrom_interface.empty()) {
      drives.push_back(fmt::format("file={},index={},media=cdrom", cds[i], i));
    } else if (c.cdrom_interface == "virtio-scsi") {
      drives.push_back(fmt::format("file={},if=none,index={},id=cdrom{},media=cdrom", cds[i], i, i));
      devices.push_back("virtio-scsi-device");
      devices.push_back(fmt::format("scsi-cd,drive=cdrom{}", i));
    } else {
      drives.push_back(fmt::format("file={},if={},index={},id=cdrom{},media=cdrom", cds[i], c.cdrom_interface, i, i));
    }
  }
}

std::vector<Option> default_options(const QemuConfig& c, const LaunchState& s) {
  std::vector<Option> out;
  out.push_back({"-boot", {c.disk_image ? "c" : "once=d"}});
  if (c.qmp_enable) out.push_back({"-qmp", {fmt::format("unix:{},server,nowait", c.qmp_socket_path)}});
  out.push_back({"-name", {c.vm_name}});
  out.push_back({"-machine", {c.accelerator == "none" ? fmt::format("type={}", c.machine_type)
                                                       : fmt::format("type={},accel={}", c.machine_type, c.accelerator)}});
  std::string netdev = "user,id=user.0";
  if (c.comm.type != "none") netdev += fmt::format(",hostfwd=tcp::{}-:{}", s.comm_host_port, c.comm.ssh.port);
  out.push_back({"-netdev", {netdev}});
  // Packer numbers the VNC display from vnc_port_min, not from 5900.
  out.push_back({"-vnc", {fmt::format("{}:{}", c.vnc_bind_address, s.vnc_port - c.vnc_port_min)}});
  out.push_back({"-m", {fmt::format("{}M", c.memory)}});
  if (c.cpus > 1) out.push_back({"-smp", {fmt::format("cpus={},sockets={}", c.cpus, c.cpus)}});
  if (!c.headless) {
    if (!c.display.empty() && c.display != "none")
      out.push_back({"-display", {c.display}});
    else if (!c.use_default_display)
      out.push_back({"-display", {"gtk"}});
  }
  std::vector<std::string> devices, drives;
  drive_and_device_options(c, s, devices, drives);
  out.push_back({"-device", devices});
  out.push_back({"-drive", drives});
  return out;
}

Option* find_option(std::vector<Option>& options, const std::string& key) {
  for (auto& o : options)
    if (o.first == key) return &o;
  return nullptr;
}

}  // namespace

std::vector<std::string> qemu_arguments(const QemuConfig& c, const LaunchState& s,
                                        const std::vector<std::vector<std::string>>& user_rows) {
  std::vector<Option> user;
  for (const auto& row : user_rows) {
    if (row.empty()) continue;
    std::string value;
    for (size_t i = 1; i < row.size(); ++i) value += row[i];
    Option* o = find_option(user, row[0]);
    if (!o) o = &user.emplace_back(row[0], std::vector<std::string>{});
    if (!value.empty()) o->second.push_back(value);
  }
  std::vector<Option> merged;
  for (auto& d : default_options(c, s)) {
    if (Option* o = find_option(user, d.first)) {
      merged.push_back(std::move(*o));
      o->first.clear();
    } else {
      merged.push_back(std::move(d));
    }
  }
  for (auto& o : user)
    if (!o.first.empty()) merged.push_back(std::move(o));
  // As Packer: the network device is added to user -device options that do not name it.
  if (Option* devices = find_option(merged, "-device")) {
    std::string all;
    for (const auto& d : devices->second) all += d;
    if (all.find(c.net_device) == std::string::npos) devices->second.push_back(c.net_device + ",netdev=user.0");
  }
  std::vector<std::string> argv;
  for (const auto& [key, values] : merged) {
    if (values.empty()) argv.push_back(key);
    for (const auto& v : values) {
      argv.push_back(key);
      argv.push_back(v);
    }
  }
  return argv;
}

}  // namespace kiln::qemu
