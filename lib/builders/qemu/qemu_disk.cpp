#include "builders/qemu/qemu_disk.hpp"

#include <fmt/format.h>

#include "util/process.hpp"

namespace kiln::qemu {

std::vector<std::string> disk_paths(const QemuConfig& c) {
  std::vector<std::string> paths = {c.output_directory + "/" + c.vm_name};
  for (size_t i = 0; i < c.disk_additional_size.size(); ++i)
    paths.push_back(fmt::format("{}/{}-{}", c.output_directory, c.vm_name, i + 1));
  return paths;
}

std::vector<std::vector<std::string>> create_commands(const QemuConfig& c, const std::string& source) {
  std::vector<std::string> paths = disk_paths(c);
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (c.disk_image && !c.use_backing_file && i == 0) continue;
    std::vector<std::string> cmd = {"create", "-f", c.format};
    if (c.disk_image && c.use_backing_file && i == 0) cmd.insert(cmd.end(), {"-b", source});
    cmd.insert(cmd.end(), c.qemu_img_args.create.begin(), c.qemu_img_args.create.end());
    cmd.push_back(paths[i]);
    cmd.push_back(i == 0 ? c.disk_size : c.disk_additional_size[i - 1]);
    out.push_back(std::move(cmd));
  }
  return out;
}

bool copy_is_plain(const QemuConfig& c, const std::string& source) {
  auto slash = source.find_last_of('/');
  auto dot = source.find_last_of('.');
  bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return has_ext && source.substr(dot + 1) == c.format && c.qemu_img_args.convert.empty();
}

std::vector<std::string> copy_command(const QemuConfig& c, const std::string& source) {
  if (!c.disk_image || c.use_backing_file || copy_is_plain(c, source)) return {};
  std::vector<std::string> cmd = {"convert"};
  cmd.insert(cmd.end(), c.qemu_img_args.convert.begin(), c.qemu_img_args.convert.end());
  cmd.insert(cmd.end(), {"-O", c.format, source, disk_paths(c).front()});
  return cmd;
}

std::vector<std::string> resize_command(const QemuConfig& c) {
  if (!c.disk_image || c.skip_resize_disk) return {};
  std::vector<std::string> cmd = {"resize", "-f", c.format};
  cmd.insert(cmd.end(), c.qemu_img_args.resize.begin(), c.qemu_img_args.resize.end());
  cmd.push_back(disk_paths(c).front());
  cmd.push_back(c.disk_size);
  return cmd;
}

std::vector<std::string> convert_command(const QemuConfig& c) {
  if (c.skip_compaction && !c.disk_compression) return {};
  std::vector<std::string> cmd = {"convert"};
  if (c.disk_compression) cmd.push_back("-c");
  cmd.insert(cmd.end(), c.qemu_img_args.convert.begin(), c.qemu_img_args.convert.end());
  std::string disk = disk_paths(c).front();
  cmd.insert(cmd.end(), {"-O", c.format, disk, disk + ".convert"});
  return cmd;
}

void run_qemu_img(const std::vector<std::string>& args, const std::string& what, const BuilderContext& ctx) {
  ProcessSpec spec;
  spec.argv = {"qemu-img"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.environment = ctx.environment.get();
  spec.cancel = ctx.cancel;
  std::string errors;
  spec.on_line = [&](std::string_view line, bool is_stderr) {
    if (!is_stderr) return;
    if (!errors.empty()) errors += "\n";
    errors += line;
  };
  ProcessResult r = run_process(spec);
  if (r.signaled || r.exit_code != 0) throw Error(fmt::format("{}: QemuImg error: {}", what, errors), ErrorCode::Build);
}

}  // namespace kiln::qemu
