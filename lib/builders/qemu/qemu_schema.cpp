// The qemu builder's keys: Packer 1.6.6's qemu Config with its squashed ISO, HTTP, VNC/boot,
// shutdown, floppy, CD and communicator settings.
#include "builders/qemu/qemu_config.hpp"

#include "template/fix/deprecated_keys.hpp"

namespace kiln::qemu {

const Schema& qemu_schema() {
  static const Schema schema = [] {
    Schema s{{
        {"iso_url", FieldType::String}, {"iso_urls", FieldType::StringList},
        {"iso_checksum", FieldType::String, false, "type:hex, a bare hex digest, file:URL of a checksum list, or none"},
        {"iso_target_path", FieldType::String}, {"iso_target_extension", FieldType::String},
        {"iso_skip_cache", FieldType::Bool},
        {"accelerator", FieldType::String, false, "kvm (when /dev/kvm opens) or tcg by default; none, xen, hax, hvf, whpx"},
        {"disk_additional_size", FieldType::StringList}, {"cpus", FieldType::Int},
        {"disk_interface", FieldType::String}, {"disk_size", FieldType::String, false, "a number of MiB or NNN[bkmgt]"},
        {"skip_resize_disk", FieldType::Bool}, {"disk_cache", FieldType::String}, {"disk_discard", FieldType::String},
        {"disk_detect_zeroes", FieldType::String}, {"skip_compaction", FieldType::Bool},
        {"disk_compression", FieldType::Bool}, {"format", FieldType::String, false, "qcow2 (default) or raw"},
        {"headless", FieldType::Bool}, {"disk_image", FieldType::Bool}, {"use_backing_file", FieldType::Bool},
        {"machine_type", FieldType::String}, {"memory", FieldType::Int}, {"net_device", FieldType::String},
        {"net_bridge", FieldType::String}, {"output_directory", FieldType::String},
        {"qemuargs", FieldType::List, false, "rows [option, value…] overriding qemu's default arguments", true},
        {"qemu_img_args", FieldType::Object}, {"qemu_binary", FieldType::String},
        {"qmp_enable", FieldType::Bool}, {"qmp_socket_path", FieldType::String},
        {"use_default_display", FieldType::Bool}, {"display", FieldType::String},
        {"vnc_bind_address", FieldType::String}, {"vnc_use_password", FieldType::Bool},
        {"vnc_port_min", FieldType::Int}, {"vnc_port_max", FieldType::Int}, {"vm_name", FieldType::String},
        {"cdrom_interface", FieldType::String}, {"run_once", FieldType::Bool},
        {"http_directory", FieldType::String},
        {"http_content", FieldType::StringMap, false, "kiln (Packer 1.7): path → content served instead of http_directory"}, {"http_port_min", FieldType::Int}, {"http_port_max", FieldType::Int},
        {"http_bind_address", FieldType::String}, {"http_interface", FieldType::String},
        {"boot_wait", FieldType::Duration}, {"boot_command", FieldType::StringList, false, "", true},
        {"boot_keygroup_interval", FieldType::Duration}, {"boot_key_interval", FieldType::Duration},
        {"disable_vnc", FieldType::Bool},
        {"shutdown_command", FieldType::String}, {"shutdown_timeout", FieldType::Duration},
        {"floppy_files", FieldType::StringList}, {"floppy_dirs", FieldType::StringList},
        {"floppy_label", FieldType::String}, {"cd_files", FieldType::StringList}, {"cd_label", FieldType::String},
        {"host_port_min", FieldType::Int}, {"host_port_max", FieldType::Int}, {"skip_nat_mapping", FieldType::Bool},
        {"ssh_host_port_min", FieldType::Int}, {"ssh_host_port_max", FieldType::Int},
    }};
    for (auto& f : communicator_fields()) s.fields.push_back(f);
    s.deprecated = fix::deprecated_keys();
    return s;
  }();
  return schema;
}

}  // namespace kiln::qemu
