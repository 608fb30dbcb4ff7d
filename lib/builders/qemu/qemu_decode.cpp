// qemu: template values → QemuConfig, with Packer 1.6.6's defaults, checks, messages and order.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <regex>

#include <fmt/format.h>

#include "builders/qemu/iso_checksum.hpp"
#include "builders/qemu/qemu_config.hpp"
#include "net/vnc/boot_command.hpp"
#include "util/go_glob.hpp"

namespace kiln::qemu {
namespace {

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

std::string or_default(const Config& c, std::string_view key, std::string def) {
  std::string v = c.str(key);
  return v.empty() ? def : v;
}

std::chrono::milliseconds millis(std::chrono::nanoseconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

// Packer's default: kvm when /dev/kvm can be opened, else tcg.
std::string detect_accelerator() {
  int fd = open("/dev/kvm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "tcg";
  close(fd);
  return "kvm";
}

void decode_disk_size(const Config& c, QemuConfig& q, Problems& problems) {
  std::string size = c.str("disk_size");
  if (size.empty() || size == "0") return;
  std::string lower = size;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  static const std::regex with_unit("^[0-9]+[bkmgt]?$"), bare("^[0-9]+$");
  if (!std::regex_match(lower, with_unit))
    problems.add(c.pos("disk_size"), c.path(), "Invalid disk size.");
  else
    q.disk_size = std::regex_match(lower, bare) ? size + "M" : size;
}

// ISOConfig.Prepare: one of iso_url/iso_urls, then the checksum resolved against the first URL.
void decode_iso(const Config& c, QemuConfig& q, Problems& problems) {
  std::string single = c.str("iso_url");
  q.iso_urls = c.strings("iso_urls");
  q.iso_target_path = c.str("iso_target_path");
  if (std::string ext = c.str("iso_target_extension"); !ext.empty()) {
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    q.iso_target_extension = ext;
  }
  if (!q.iso_urls.empty() && !single.empty()) {
    problems.add(c.pos("iso_url"), c.path(), "Only one of iso_url or iso_urls must be specified");
    return;
  }
  if (!single.empty()) q.iso_urls.insert(q.iso_urls.begin(), single);
  if (q.iso_urls.empty()) {
    problems.add(c.object().pos(), c.path(), "One of iso_url or iso_urls must be specified");
    return;
  }
  std::string spec = q.iso_skip_cache ? "none" : c.str("iso_checksum");
  q.iso_checksum = spec;
  if (spec == "none") {
    problems.warn("A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended.");
    return;
  }
  if (spec.empty()) {
    problems.add(c.object().pos(), c.path(), "A checksum must be specified");
  } else {
    try {
      q.iso_checksum = resolve_iso_checksum(spec, q.iso_urls.front(), c.environment());
    } catch (const Error& e) {
      problems.add(c.pos("iso_checksum"), c.path(), fmt::format("{} in \"{}\"", e.what(), spec));
    }
  }
  std::string checksum = q.iso_checksum;
  std::transform(checksum.begin(), checksum.end(), checksum.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (checksum.ends_with(".iso"))
    problems.add(c.pos("iso_checksum"), c.path(), "Error parsing checksum: .iso is not a valid checksum ending");
}

// kiln lacks what these options need (a floppy image writer, a bridge helper, a QMP client).
void reject_unsupported(const Config& c, Problems& problems) {
  for (const char* key : {"floppy_files", "floppy_dirs"})
    if (!c.strings(key).empty())
      problems.add(c.pos(key), c.path(), fmt::format("kiln's qemu builder does not support {} yet", key));
  if (!c.str("net_bridge").empty())
    problems.add(c.pos("net_bridge"), c.path(), "kiln's qemu builder does not support net_bridge yet");
  if (c.boolean("vnc_use_password"))
    problems.add(c.pos("vnc_use_password"), c.path(), "kiln's qemu builder does not support vnc_use_password yet");
}

// Packer's CDConfig.Prepare: patterns expanded now (no match adds nothing), other paths must exist.
void decode_cd(const Config& c, QemuConfig& q, Problems& problems) {
  q.cd_label = c.str("cd_label");
  for (const std::string& path : c.strings("cd_files")) {
    auto bad = [&](const std::string& why) {
      problems.add(c.pos("cd_files"), c.path(), fmt::format("Bad CD disk file '{}': {}", path, why));
    };
    if (path.find_first_of("*?[") != std::string::npos) {
      try {
        auto matches = go_glob(path);
        q.cd_files.insert(q.cd_files.end(), matches.begin(), matches.end());
      } catch (const Error& e) {
        bad(e.what());
      }
      continue;
    }
    struct stat st{};
    if (stat(path.c_str(), &st) != 0) {
      std::string why = std::strerror(errno);
      why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));  // as Go words it
      bad(fmt::format("stat {}: {}", path, why));
    }
    q.cd_files.push_back(path);
  }
}

// BootConfig.Prepare: the joined command as written (before interpolation) must parse and validate.
void check_boot_command(const Config& c, const std::vector<std::string>& parts, Problems& problems) {
  if (!c.has("boot_command")) return;
  std::string joined;
  for (const auto& p : parts) joined += p;
  try {
    for (const auto& message : vnc::boot_command_problems(vnc::parse_boot_command(joined)))
      problems.add(c.pos("boot_command"), c.path(), message);
  } catch (const vnc::BootCommandSyntaxError& e) {
    problems.add(c.pos("boot_command"), c.path(), e.what());
  }
}

QemuImgArgs decode_qemu_img_args(const Config& c, Problems& problems) {
  QemuImgArgs out;
  const Value* v = c.value("qemu_img_args");
  if (!v || !v->is_object()) return out;
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string& key = v->keys()[i];
    std::vector<std::string>* target = key == "convert" ? &out.convert
                                       : key == "create" ? &out.create
                                       : key == "resize" ? &out.resize : nullptr;
    if (!target) {
      problems.add(v->key_pos(i), c.path(), fmt::format("qemu_img_args: unknown key \"{}\"", key));
      continue;
    }
    for (const Value& item : v->member(i).items())
      if (item.is_string()) target->push_back(item.as_string());
  }
  return out;
}

void decode_comm(const Config& c, QemuConfig& q, Problems& problems) {
  if (int64_t v = c.integer("ssh_host_port_min"); v != 0) {
    problems.warn("ssh_host_port_min is deprecated and is being replaced by host_port_min. Please, update your template "
                  "to use host_port_min. In future versions of Packer, inclusion of ssh_host_port_min will error your builds.");
    q.host_port_min = static_cast<int>(v);
  } else if (int64_t m = c.integer("host_port_min"); m != 0) {
    q.host_port_min = static_cast<int>(m);
  }
  if (int64_t v = c.integer("ssh_host_port_max"); v != 0) {
    problems.warn("ssh_host_port_max is deprecated and is being replaced by host_port_max. Please, update your template "
                  "to use host_port_max. In future versions of Packer, inclusion of ssh_host_port_max will error your builds.");
    q.host_port_max = static_cast<int>(v);
  } else if (int64_t m = c.integer("host_port_max"); m != 0) {
    q.host_port_max = static_cast<int>(m);
  }
  q.skip_nat_mapping = c.boolean("skip_nat_mapping");
  q.comm = decode_comm_settings(c, problems);
  if (q.comm.ssh.host.empty() && q.skip_nat_mapping) q.comm.ssh.host = "127.0.0.1";
  if (q.host_port_min > q.host_port_max)
    problems.add(c.pos("host_port_min"), c.path(), "host_port_min must be less than host_port_max");
  if (q.host_port_min < 0) problems.add(c.pos("host_port_min"), c.path(), "host_port_min must be positive");
}

}  // namespace

QemuConfig decode_qemu_config(const Config& c, Problems& problems) {
  QemuConfig q;
  q.build_name = c.build_name();
  q.force = c.force();
  auto error = [&](std::string_view key, std::string message) { problems.add(c.pos(key), c.path(), std::move(message)); };

  q.shutdown_command = c.str("shutdown_command");
  if (auto t = millis(c.duration("shutdown_timeout")); t.count() > 0) q.shutdown_timeout = t;
  decode_disk_size(c, q, problems);
  q.disk_cache = or_default(c, "disk_cache", q.disk_cache);
  q.disk_discard = or_default(c, "disk_discard", q.disk_discard);
  q.disk_detect_zeroes = or_default(c, "disk_detect_zeroes", q.disk_detect_zeroes);
  q.accelerator = or_default(c, "accelerator", "");
  if (q.accelerator.empty()) q.accelerator = detect_accelerator();
  q.machine_type = or_default(c, "machine_type", q.machine_type);
  q.output_directory = or_default(c, "output_directory", "output-" + q.build_name);
  q.qemu_binary = or_default(c, "qemu_binary", q.qemu_binary);
  if (int64_t m = c.integer("memory"); m >= 10) q.memory = static_cast<int>(m);
  if (int64_t n = c.integer("cpus"); n >= 1) q.cpus = static_cast<int>(n);
  q.vnc_bind_address = or_default(c, "vnc_bind_address", q.vnc_bind_address);
  if (int64_t p = c.integer("vnc_port_min"); p != 0) q.vnc_port_min = static_cast<int>(p);
  if (int64_t p = c.integer("vnc_port_max"); p != 0) q.vnc_port_max = static_cast<int>(p);
  q.vm_name = or_default(c, "vm_name", "packer-" + q.build_name);
  q.format = or_default(c, "format", q.format);
  reject_unsupported(c, problems);
  decode_cd(c, q, problems);

  q.boot_command = c.strings("boot_command");
  q.disable_vnc = c.boolean("disable_vnc");
  q.boot_key_interval = millis(c.duration("boot_key_interval"));
  q.boot_keygroup_interval = millis(c.duration("boot_keygroup_interval"));
  if (auto w = millis(c.duration("boot_wait")); w.count() != 0) q.boot_wait = w;
  if (!q.boot_command.empty() && q.disable_vnc)
    error("boot_command", "A boot command cannot be used when vnc is disabled.");
  check_boot_command(c, q.boot_command, problems);

  q.net_device = or_default(c, "net_device", q.net_device);
  q.disk_interface = or_default(c, "disk_interface", q.disk_interface);
  q.iso_skip_cache = c.boolean("iso_skip_cache");
  decode_iso(c, q, problems);

  q.http_directory = c.str("http_directory");
  q.http_content = c.string_map("http_content");
  if (!q.http_directory.empty() && !q.http_content.empty())
    error("http_content", "Don't set http_content and http_directory.");
  if (int64_t p = c.integer("http_port_min"); p != 0) q.http_port_min = static_cast<int>(p);
  if (int64_t p = c.integer("http_port_max"); p != 0) q.http_port_max = static_cast<int>(p);
  q.http_bind_address = or_default(c, "http_bind_address", q.http_bind_address);
  if (q.http_port_min > q.http_port_max) error("http_port_min", "http_port_min must be less than http_port_max");
  if (!c.str("http_interface").empty() && q.http_bind_address == "0.0.0.0")
    error("http_interface", "either http_interface of http_bind_address can be specified");
  decode_comm(c, q, problems);

  if (q.format != "qcow2" && q.format != "raw") error("format", "invalid format, only 'qcow2' or 'raw' are allowed");
  q.skip_compaction = c.boolean("skip_compaction");
  q.disk_compression = c.boolean("disk_compression");
  if (q.format != "qcow2") {
    q.skip_compaction = true;
    q.disk_compression = false;
  }
  q.disk_image = c.boolean("disk_image");
  q.use_backing_file = c.boolean("use_backing_file");
  if (q.use_backing_file) {
    q.skip_compaction = true;
    if (!(q.disk_image && q.format == "qcow2"))
      error("use_backing_file", "use_backing_file can only be enabled for QCOW2 images and when disk_image is true");
  }
  q.skip_resize_disk = c.boolean("skip_resize_disk");
  if (q.skip_resize_disk && !q.disk_image) error("skip_resize_disk", "skip_resize_disk can only be used when disk_image is true");
  if (!one_of(q.accelerator, {"none", "kvm", "tcg", "xen", "hax", "hvf", "whpx"}))
    error("accelerator", "invalid accelerator, only 'kvm', 'tcg', 'xen', 'hax', 'hvf', 'whpx', or 'none' are allowed");
  if (!one_of(q.disk_interface, {"ide", "scsi", "virtio", "virtio-scsi"}))
    error("disk_interface", "unrecognized disk interface type");
  if (!one_of(q.disk_cache, {"writethrough", "writeback", "none", "unsafe", "directsync"}))
    error("disk_cache", "unrecognized disk cache type");
  if (!one_of(q.disk_discard, {"unmap", "ignore"})) error("disk_discard", "unrecognized disk discard type");
  if (!one_of(q.disk_detect_zeroes, {"unmap", "on", "off"}))
    error("disk_detect_zeroes", "unrecognized disk detect zeroes setting");
  struct stat st{};
  if (!q.force && stat(q.output_directory.c_str(), &st) == 0)
    error("output_directory", fmt::format("Output directory '{}' already exists. It must not exist.", q.output_directory));
  if (q.vnc_port_min > q.vnc_port_max) error("vnc_port_min", "vnc_port_min must be less than vnc_port_max");

  q.qmp_enable = c.boolean("qmp_enable");
  q.qmp_socket_path = c.str("qmp_socket_path");
  if (q.qmp_enable && q.qmp_socket_path.empty()) q.qmp_socket_path = q.output_directory + "/" + q.vm_name + ".monitor";
  q.headless = c.boolean("headless");
  q.use_default_display = c.boolean("use_default_display");
  q.display = c.str("display");
  q.cdrom_interface = c.str("cdrom_interface");
  q.disk_additional_size = c.strings("disk_additional_size");
  q.qemu_img_args = decode_qemu_img_args(c, problems);
  if (const Value* args = c.value("qemuargs")) q.qemuargs = *args;
  return q;
}

}  // namespace kiln::qemu
