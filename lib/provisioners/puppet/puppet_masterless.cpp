#include "provisioners/puppet/puppet_masterless.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "provisioners/guest_commands.hpp"
#include "provisioners/puppet/puppet_output.hpp"
#include "util/shell_quote.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

// Packer's defaults per guest_os_type. The execute_command is rendered with .FacterVars,
// .HieraConfigPath, .ModulePath, .ModulePathJoiner, .ManifestFile, .ManifestDir, .PuppetBinDir,
// .Sudo, .WorkingDir, .ExtraArguments (and .Debug, never set).
struct GuestDefaults {
  const char* execute_command;
  const char* facter_joiner;
  const char* module_path_joiner;
};

constexpr const char* unix_execute_command =
    "cd {{.WorkingDir}} && {{if ne .FacterVars \"\"}}{{.FacterVars}} {{end}}{{if .Sudo}}sudo -E {{end}}"
    "{{if ne .PuppetBinDir \"\"}}{{.PuppetBinDir}}/{{end}}puppet apply --detailed-exitcodes {{if .Debug}}--debug {{end}}"
    "{{if ne .ModulePath \"\"}}--modulepath='{{.ModulePath}}' {{end}}"
    "{{if ne .HieraConfigPath \"\"}}--hiera_config='{{.HieraConfigPath}}' {{end}}"
    "{{if ne .ManifestDir \"\"}}--manifestdir='{{.ManifestDir}}' {{end}}"
    "{{if ne .ExtraArguments \"\"}}{{.ExtraArguments}} {{end}}{{.ManifestFile}}";
constexpr const char* windows_execute_command =
    "cd {{.WorkingDir}} && {{if ne .FacterVars \"\"}}{{.FacterVars}} && {{end}}"
    "{{if ne .PuppetBinDir \"\"}}{{.PuppetBinDir}}/{{end}}puppet apply --detailed-exitcodes {{if .Debug}}--debug {{end}}"
    "{{if ne .ModulePath \"\"}}--modulepath='{{.ModulePath}}' {{end}}"
    "{{if ne .HieraConfigPath \"\"}}--hiera_config='{{.HieraConfigPath}}' {{end}}"
    "{{if ne .ManifestDir \"\"}}--manifestdir='{{.ManifestDir}}' {{end}}"
    "{{if ne .ExtraArguments \"\"}}{{.ExtraArguments}} {{end}}{{.ManifestFile}}";

GuestDefaults guest_defaults(const std::string& os_type) {
  if (os_type == "windows") return {windows_execute_command, " & ", ";"};
  return {unix_execute_command, " ", ":"};
}

std::string facter_var(const std::string& os_type, const std::string& key, const std::string& value) {
  if (os_type == "windows") return fmt::format("SET \"FACTER_{}={}\"", key, value);
  return fmt::format("FACTER_{}='{}'", key, escape_single_quotes(value));
}

// Removes the staging directory when the run does not get to (it failed or was cancelled; Packer
// 1.6.6 leaves it there), unless released. Gives up after a few seconds: the connection may be
// what failed.
class StagingGuard {
 public:
  StagingGuard(Communicator& comm, std::string command, bool armed)
      : comm_(comm), command_(std::move(command)), armed_(armed) {}
  StagingGuard(const StagingGuard&) = delete;
  StagingGuard& operator=(const StagingGuard&) = delete;
  ~StagingGuard() {
    if (!armed_) return;
    try {
      CancelSource give_up;
      std::jthread timer([&give_up](std::stop_token stop) {
        if (CancelToken(stop).wait_for(std::chrono::seconds(5))) give_up.cancel();
      });
      comm_.exec(command_, {}, give_up.token());
    } catch (...) {  // best effort: the build's own error is what matters
    }
  }
  void release() { armed_ = false; }

 private:
  Communicator& comm_;
  std::string command_;
  bool armed_;
};

}  // namespace

const Schema& PuppetMasterlessProvisioner::schema() const {
  static const Schema s{{
      {"manifest_file", FieldType::String}, {"manifest_dir", FieldType::String}, {"module_paths", FieldType::StringList},
      {"hiera_config_path", FieldType::String}, {"facter", FieldType::StringMap},
      {"extra_arguments", FieldType::StringList, false, "", true},
      {"execute_command", FieldType::String, false, "", true}, {"guest_os_type", FieldType::String},
      {"ignore_exit_codes", FieldType::Bool}, {"prevent_sudo", FieldType::Bool}, {"puppet_bin_dir", FieldType::String},
      {"staging_directory", FieldType::String}, {"working_directory", FieldType::String},
      {"clean_staging_directory", FieldType::Bool},
  }};
  return s;
}

void PuppetMasterlessProvisioner::prepare(const Config& c, Problems& problems) {
  guest_os_type_ = c.str("guest_os_type", "unix");
  std::transform(guest_os_type_.begin(), guest_os_type_.end(), guest_os_type_.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  if (!GuestCommands::known(guest_os_type_)) {
    problems.add(c.pos("guest_os_type"), c.path(), fmt::format("Invalid guest_os_type: \"{}\"", guest_os_type_));
    return;
  }
  execute_command_ = c.str("execute_command", guest_defaults(guest_os_type_).execute_command);
  // As Packer, the windows default sits under the SYSTEMROOT of the machine running the build.
  staging_dir_ = c.str("staging_directory", guest_os_type_ == "windows"
                                                ? c.environment().value("SYSTEMROOT") + "/Temp/packer-puppet-masterless"
                                                : "/tmp/packer-puppet-masterless");
  working_dir_ = c.str("working_directory", staging_dir_);
  extra_arguments_ = c.strings("extra_arguments");
  facter_ = c.string_map("facter");
  hiera_config_path_ = c.str("hiera_config_path");
  manifest_file_ = c.str("manifest_file");
  manifest_dir_ = c.str("manifest_dir");
  module_paths_ = c.strings("module_paths");
  puppet_bin_dir_ = c.str("puppet_bin_dir");
  clean_staging_ = c.boolean("clean_staging_directory");
  ignore_exit_codes_ = c.boolean("ignore_exit_codes");
  prevent_sudo_ = c.boolean("prevent_sudo");

  std::error_code ec;
  if (!hiera_config_path_.empty()) {
    if (!fs::exists(hiera_config_path_, ec))
      problems.add(c.pos("hiera_config_path"), c.path(),
                   fmt::format("hiera_config_path is invalid: stat {}: no such file or directory", hiera_config_path_));
    else if (fs::is_directory(hiera_config_path_, ec))
      problems.add(c.pos("hiera_config_path"), c.path(), "hiera_config_path must point to a file");
  }
  if (!manifest_dir_.empty()) {
    if (!fs::exists(manifest_dir_, ec))
      problems.add(c.pos("manifest_dir"), c.path(),
                   fmt::format("manifest_dir is invalid: stat {}: no such file or directory", manifest_dir_));
    else if (!fs::is_directory(manifest_dir_, ec))
      problems.add(c.pos("manifest_dir"), c.path(), "manifest_dir must point to a directory");
  }
  if (manifest_file_.empty())
    problems.add(c.object().pos(), c.path(), "A manifest_file must be specified.");
  else if (!fs::exists(manifest_file_, ec))
    problems.add(c.pos("manifest_file"), c.path(),
                 fmt::format("manifest_file is invalid: stat {}: no such file or directory", manifest_file_));
  for (size_t i = 0; i < module_paths_.size(); ++i) {
    if (!fs::exists(module_paths_[i], ec))
      problems.add(c.pos("module_paths"), c.path(),
                   fmt::format("module_path[{}] is invalid: stat {}: no such file or directory", i, module_paths_[i]));
    else if (!fs::is_directory(module_paths_[i], ec))
      problems.add(c.pos("module_paths"), c.path(), fmt::format("module_path[{}] must point to a directory", i));
  }
}

void PuppetMasterlessProvisioner::provision(ProvisionerContext& ctx) {
  if (!ctx.comm) throw Error("the puppet-masterless provisioner needs a communicator", ErrorCode::Build);
  Communicator& comm = *ctx.comm;
  const GuestCommands guest(guest_os_type_, !prevent_sudo_);
  const TransferOptions opts{ctx.cancel, {}, std::nullopt};
  auto on_line = [&](std::string_view line, bool) { ctx.ui.message(line); };
  auto create_dir = [&](const std::string& dir) {
    ctx.ui.message(fmt::format("Creating directory: {}", dir));
    // 0777 so that the login user can upload into a directory sudo created.
    for (const auto& command : {guest.create_dir(dir), guest.chmod(dir, "0777")})
      if (int status = comm.exec(command, on_line, ctx.cancel); status != 0)
        throw Error(fmt::format("Error creating directory {}: \"{}\" exited with status {}", dir, command, status),
                    ErrorCode::Build);
  };
  auto upload_dir = [&](const std::string& local, const std::string& remote) {
    create_dir(remote);
    comm.upload_dir(local, remote, opts);
  };

  ctx.ui.say("Provisioning with Puppet...");
  ctx.ui.message("Creating Puppet staging directory...");
  // Armed once the directory may exist; -on-error=abort keeps what a failed run left, for debugging.
  StagingGuard staging(comm, guest.remove_dir(staging_dir_), clean_staging_ && ctx.on_error != OnError::Abort);
  create_dir(staging_dir_);

  std::string remote_hiera;
  if (!hiera_config_path_.empty()) {
    ctx.ui.message("Uploading hiera configuration...");
    remote_hiera = staging_dir_ + "/hiera.yaml";
    comm.upload_file(hiera_config_path_, remote_hiera, opts);
  }
  std::string remote_manifest_dir;
  if (!manifest_dir_.empty()) {
    ctx.ui.message(fmt::format("Uploading manifest directory from: {}", manifest_dir_));
    remote_manifest_dir = staging_dir_ + "/manifests";
    upload_dir(manifest_dir_, remote_manifest_dir);
  }
  std::vector<std::string> module_paths;
  for (size_t i = 0; i < module_paths_.size(); ++i) {
    ctx.ui.message(fmt::format("Uploading local modules from: {}", module_paths_[i]));
    module_paths.push_back(fmt::format("{}/module-{}", staging_dir_, i));
    upload_dir(module_paths_[i], module_paths.back());
  }
  // manifest_file may be a directory (puppet apply takes either): uploaded whole into manifests/.
  ctx.ui.message("Uploading manifests...");
  std::string remote_manifests = staging_dir_ + "/manifests", remote_manifest;
  create_dir(remote_manifests);
  if (fs::is_directory(manifest_file_)) {
    ctx.ui.message(fmt::format("Uploading manifest directory from: {}", manifest_file_));
    upload_dir(manifest_file_, remote_manifests);
    remote_manifest = remote_manifests;
  } else {
    ctx.ui.message(fmt::format("Uploading manifest file from: {}", manifest_file_));
    remote_manifest = remote_manifests + "/" + fs::path(manifest_file_).filename().string();
    comm.upload_file(manifest_file_, remote_manifest, opts);
  }

  // Packer sets these two over any given in `facter`. Packer's order is Go's map order (random);
  // kiln's is by name.
  std::map<std::string, std::string> facts = facter_;
  facts["packer_build_name"] = ctx.build_name;
  facts["packer_builder_type"] = ctx.build_type;
  std::vector<std::string> facter_vars;
  for (const auto& [key, value] : facts) facter_vars.push_back(facter_var(guest_os_type_, key, value));
  const GuestDefaults defaults = guest_defaults(guest_os_type_);

  InterpContext interp = ctx.interp;
  interp.data = {
      {"Debug", ""},
      {"ExtraArguments", ""},
      {"FacterVars", fmt::format("{}", fmt::join(facter_vars, defaults.facter_joiner))},
      {"HieraConfigPath", remote_hiera},
      {"ManifestDir", remote_manifest_dir},
      {"ManifestFile", remote_manifest},
      {"ModulePath", fmt::format("{}", fmt::join(module_paths, defaults.module_path_joiner))},
      {"ModulePathJoiner", defaults.module_path_joiner},
      {"PuppetBinDir", puppet_bin_dir_},
      {"Sudo", prevent_sudo_ ? "" : "true"},  // the data is text: false is the empty string
      {"WorkingDir", working_dir_},
  };
  interp.data["ExtraArguments"] = interpolate_fully(fmt::format("{}", fmt::join(extra_arguments_, " ")), interp);
  std::string command = interpolate_fully(execute_command_, interp);

  ctx.ui.message(fmt::format("Running Puppet: {}", command));
  PuppetFailures failures;
  int status = comm.exec(command, [&](std::string_view line, bool) {
    failures.see(line);
    ctx.ui.message(line);
  }, ctx.cancel);
  // --detailed-exitcodes: 2 means changes were applied, 4 and 6 that some failed.
  if (status != 0 && status != 2 && !ignore_exit_codes_) throw Error(failures.describe(status), ErrorCode::Build);

  staging.release();
  if (clean_staging_) {
    std::string command = guest.remove_dir(staging_dir_);
    if (int status = comm.exec(command, on_line, ctx.cancel); status != 0)
      throw Error(fmt::format("Error removing staging directory: \"{}\" exited with status {}", command, status),
                  ErrorCode::Build);
  }
}

}  // namespace kiln
