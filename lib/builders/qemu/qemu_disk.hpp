// The disk steps of Packer 1.6.6's qemu builder, as qemu-img argument lists and their runs.
#pragma once

#include <string>
#include <vector>

#include "builders/qemu/qemu_config.hpp"
#include "kiln/plugin.hpp"

namespace kiln::qemu {

// output_directory/vm_name, then vm_name-1 … for disk_additional_size.
std::vector<std::string> disk_paths(const QemuConfig& c);

// One `qemu-img` argument list per disk to create (the first is skipped for a copied disk_image;
// with use_backing_file it is created on top of `source`).
std::vector<std::vector<std::string>> create_commands(const QemuConfig& c, const std::string& source);
// `qemu-img convert` of disk_image's source into the first disk; empty when nothing is to be
// converted (use_backing_file, no disk_image, or a plain copy will do: see copy_is_plain).
std::vector<std::string> copy_command(const QemuConfig& c, const std::string& source);
// Packer copies the source byte for byte when its extension already names the format.
bool copy_is_plain(const QemuConfig& c, const std::string& source);
// `qemu-img resize` of the first disk to disk_size (disk_image only, unless skip_resize_disk).
std::vector<std::string> resize_command(const QemuConfig& c);
// The final `qemu-img convert` (compaction, disk_compression) into vm_name.convert; empty when skipped.
std::vector<std::string> convert_command(const QemuConfig& c);

// Runs qemu-img; on failure throws "<what>: QemuImg error: <stderr>".
void run_qemu_img(const std::vector<std::string>& args, const std::string& what, const BuilderContext& ctx);

}  // namespace kiln::qemu
