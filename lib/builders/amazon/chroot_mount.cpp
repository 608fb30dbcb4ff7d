// amazon-chroot's host side: the lock, the device, the commands around mounting, the root and extra
// mounts, the copied files, and taking all of it down again before the snapshot.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "builders/amazon/chroot_steps.hpp"
#include "kiln/error.hpp"
#include "util/fd.hpp"

namespace kiln::amazon {

namespace fs = std::filesystem;

EarlyUndo::EarlyUndo(CleanupStack& cleanup, std::string what, std::function<void()> undo)
    : undo_(std::make_shared<std::function<void()>>(std::move(undo))) {
  cleanup.push(std::move(what), [self = *this] { self.run(); });
}

void EarlyUndo::run() const {
  if (!undo_ || !*undo_) return;
  (*undo_)();
  *undo_ = nullptr;
}

namespace {

// Runs each command (rendered with `data`) through the wrapped host shell, as Packer's RunLocalCommands.
void run_local_commands(ChrootRun& run, const std::vector<std::string>& commands,
                        const std::map<std::string, std::string>& data) {
  InterpContext ctx = run.ami.interp;
  ctx.data = data;
  for (const auto& raw : commands) {
    std::string command = run.shell.wrap(interpolate(raw, ctx));
    run.ami.ui.say(fmt::format("Executing command: {}", command));
    chroot::HostShell plain{nullptr, run.shell.environment};
    int status = plain.run(command, run.ami.ui.output_lines(), run.ami.cancel);
    if (status != 0)
      throw Error(fmt::format("Received non-zero exit code {} from command: {}", status, command), ErrorCode::Build);
  }
}

// Whether `path` is a mount point now (Packer greps /proc/mounts for it).
bool mounted(const std::string& path) {
  std::ifstream mounts("/proc/mounts");
  std::string device, point, rest;
  while (mounts >> device >> point && std::getline(mounts, rest))
    if (point == path) return true;
  return false;
}

// Packer's AvailableDevice: the first of /dev/{sd,xvd}[f-p] (the prefix the host's disks use)
// that exists neither bare nor as partition 1.
std::string available_device() {
  std::string prefix;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/sys/block", ec)) {
    std::string name = entry.path().filename().string();
    for (const char* p : {"sd", "xvd"})
      if (prefix.empty() && name.rfind(p, 0) == 0) prefix = p;
  }
  if (ec) throw Error(fmt::format("Error finding available device: {}", ec.message()), ErrorCode::Build);
  if (prefix.empty()) throw Error("Error finding available device: device prefix could not be detected", ErrorCode::Build);
  for (char letter = 'f'; letter <= 'p'; ++letter) {
    std::string device = fmt::format("/dev/{}{}", prefix, letter);
    if (fs::exists(device)) continue;
    if (!fs::exists(device + "1")) return device;
  }
  throw Error("Error finding available device: available device could not be found", ErrorCode::Build);
}

}  // namespace

void step_flock(ChrootRun& run) {
  const fs::path lockfile = "/var/lock/packer-chroot/lock";
  std::error_code ec;
  fs::create_directories(lockfile.parent_path(), ec);
  auto fd = std::make_shared<Fd>(open(lockfile.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644));
  if (ec || fd->fd < 0) throw Error(fmt::format("Error creating lock: {}", lockfile.string()), ErrorCode::Build);
  while (flock(fd->fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) throw Error(fmt::format("Error obtaining lock: {}", lockfile.string()), ErrorCode::Build);
    if (!run.ami.cancel.wait_for(std::chrono::milliseconds(200))) throw Cancelled();
  }
  run.state.lock = EarlyUndo(run.ami.cleanup, "the chroot lock", [fd] { flock(fd->fd, LOCK_UN); });
}

void step_early_unflock(ChrootRun& run) { run.state.lock.run(); }

void step_prepare_device(ChrootRun& run) {
  std::string device = run.config.device_path.empty() ? available_device() : run.config.device_path;
  if (fs::exists(device)) throw Error(fmt::format("Device is in use: {}", device), ErrorCode::Build);
  run.state.device = device;
}

void step_pre_mount_commands(ChrootRun& run) {
  if (run.config.pre_mount_commands.empty()) return;
  run.ami.ui.say("Running device setup commands...");
  run_local_commands(run, run.config.pre_mount_commands, {{"Device", run.state.device}});
}

void step_mount_device(ChrootRun& run) {
  const ChrootConfig& c = run.config;
  std::string device = c.nvme_device_path.empty() ? run.state.device : c.nvme_device_path;
  std::string virtualization = c.from_scratch || !c.ami.ami_virtualization_type.empty()
                                   ? c.ami.ami_virtualization_type
                                   : run.ami.state.source.virtualization_type;
  InterpContext ctx = run.ami.interp;
  ctx.data = {{"Device", fs::path(device).filename().string()}};
  fs::path mount_path = fs::absolute(interpolate(c.mount_path, ctx)).lexically_normal();

  // The directories kiln makes for the mount, removed again after unmounting (Packer leaves them).
  std::vector<fs::path> made;
  for (fs::path p = mount_path; !p.empty() && !fs::exists(p); p = p.parent_path()) made.push_back(p);
  std::error_code ec;
  fs::create_directories(mount_path, ec);
  if (ec) throw Error(fmt::format("Error creating mount directory: {}", ec.message()), ErrorCode::Build);
  auto remove_made = [made] {
    std::error_code ignored;
    for (const auto& dir : made) fs::remove(dir, ignored);  // deepest first; only while empty
  };

  std::string device_mount = device;
  if (virtualization == "hvm" && c.mount_partition != "0") device_mount += c.mount_partition;
  // Registered before mounting: a cancel may kill mount(8) after the kernel has mounted.
  chroot::HostShell shell = run.shell;
  Ui ui = run.ami.ui;
  run.state.root_mount = EarlyUndo(run.ami.cleanup, fmt::format("mount of {} on {}", device_mount, mount_path.string()),
                                   [shell, ui, path = mount_path.string(), remove_made] {
                                     if (mounted(path)) {
                                       ui.say("Unmounting the root device...");
                                       shell.check(fmt::format("umount {}", path), "Error unmounting root device", {});
                                     }
                                     remove_made();
                                   });
  run.ami.ui.say("Mounting the root device...");
  std::string options;
  for (const auto& o : c.mount_options) options += (options.empty() ? "-o " : " -o ") + o;
  run.shell.check(fmt::format("mount {} {} {}", options, device_mount, mount_path.string()),
                  "Error mounting root volume", run.ami.cancel);
  run.state.mount_path = mount_path.string();
}

void step_post_mount_commands(ChrootRun& run) {
  if (run.config.post_mount_commands.empty()) return;
  run.ami.ui.say("Running post-mount commands...");
  run_local_commands(run, run.config.post_mount_commands,
                     {{"Device", run.state.device}, {"MountPath", run.state.mount_path}});
}

void step_mount_extra(ChrootRun& run) {
  auto mounts = std::make_shared<std::vector<std::string>>();
  chroot::HostShell shell = run.shell;
  // Registered first, so that a failure halfway takes down what was mounted.
  run.state.extra_mounts = EarlyUndo(run.ami.cleanup, "mounts inside the chroot", [shell, mounts] {
    while (!mounts->empty()) {
      std::string path = mounts->back();
      if (mounted(path)) shell.check(fmt::format("umount {}", path), "Error unmounting device", {});
      mounts->pop_back();
    }
  });
  run.ami.ui.say("Mounting additional paths within the chroot...");
  for (const auto& [type, source, path] : run.config.chroot_mounts) {
    std::string inner = run.state.mount_path + path;
    std::error_code ec;
    fs::create_directories(inner, ec);
    if (ec) throw Error(fmt::format("Error creating mount directory: {}", ec.message()), ErrorCode::Build);
    std::string flags = type == "bind" ? "--bind" : "-t " + type;
    run.ami.ui.message(fmt::format("Mounting: {}", path));
    mounts->push_back(inner);  // before mounting: a cancel may kill mount(8) after the kernel has mounted
    run.shell.check(fmt::format("mount {} {} {}", flags, source, inner), "Error mounting", run.ami.cancel);
  }
}

void step_copy_files(ChrootRun& run) {
  auto copied = std::make_shared<std::vector<std::string>>();
  chroot::HostShell shell = run.shell;
  run.state.copied_files = EarlyUndo(run.ami.cleanup, "files copied into the chroot", [shell, copied] {
    for (const auto& file : *copied) shell.check(fmt::format("rm -f {}", file), "Error removing " + file, {});
    copied->clear();
  });
  if (run.config.copy_files.empty()) return;
  run.ami.ui.say("Copying files from host to chroot...");
  for (const auto& path : run.config.copy_files) {
    run.ami.ui.message(path);
    std::string target = (fs::path(run.state.mount_path) / fs::path(path).relative_path()).lexically_normal().string();
    run.shell.check(fmt::format("cp --remove-destination {} {}", path, target), "Error copying file", run.ami.cancel);
    copied->push_back(target);
  }
}

// Packer's StepEarlyCleanup: everything between the volume and the snapshot comes down, in order.
void step_early_cleanup(ChrootRun& run) {
  for (const EarlyUndo* undo : {&run.state.copied_files, &run.state.extra_mounts, &run.state.root_mount,
                                &run.state.attachment})
    undo->run();
}

}  // namespace kiln::amazon
