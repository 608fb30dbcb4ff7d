#include "provisioners/puppet/puppet_masterless.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

// Packer's defaults. The command is rendered with .FacterVars, .HieraConfigPath, .ModulePath,
// .ModulePathJoiner, .ManifestFile, .ManifestDir, .PuppetBinDir, .Sudo, .WorkingDir, .ExtraArguments
// (and .Debug, never set).
PuppetCommands apply_commands() {
  std::string apply =
      "{{if ne .PuppetBinDir \"\"}}{{.PuppetBinDir}}/{{end}}puppet apply --detailed-exitcodes {{if .Debug}}--debug {{end}}"
      "{{if ne .ModulePath \"\"}}--modulepath='{{.ModulePath}}' {{end}}"
      "{{if ne .HieraConfigPath \"\"}}--hiera_config='{{.HieraConfigPath}}' {{end}}"
      "{{if ne .ManifestDir \"\"}}--manifestdir='{{.ManifestDir}}' {{end}}"
      "{{if ne .ExtraArguments \"\"}}{{.ExtraArguments}} {{end}}{{.ManifestFile}}";
  return {puppet_unix_prefix + apply, puppet_windows_prefix + apply};
}

}  // namespace

const Schema& PuppetMasterlessProvisioner::schema() const {
  static const Schema s = [] {
    Schema schema{PuppetOptions::fields("staging_directory")};
    schema.fields.insert(schema.fields.end(), {{"manifest_file", FieldType::String}, {"manifest_dir", FieldType::String},
                                               {"module_paths", FieldType::StringList},
                                               {"hiera_config_path", FieldType::String}});
    schema.deprecated = fix::deprecated_keys();
    return schema;
  }();
  return s;
}

void PuppetMasterlessProvisioner::prepare(const Config& c, Problems& problems) {
  if (!options_.read(c, problems, "staging_directory", "packer-puppet-masterless", apply_commands())) return;
  hiera_config_path_ = c.str("hiera_config_path");
  manifest_file_ = c.str("manifest_file");
  manifest_dir_ = c.str("manifest_dir");
  module_paths_ = c.strings("module_paths");

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
  PuppetRun run(ctx, options_);
  const std::string& staging = options_.staging_dir;
  std::string remote_hiera;
  if (!hiera_config_path_.empty()) {
    ctx.ui.message("Uploading hiera configuration...");
    remote_hiera = staging + "/hiera.yaml";
    run.upload_file(hiera_config_path_, remote_hiera);
  }
  std::string remote_manifest_dir;
  if (!manifest_dir_.empty()) {
    ctx.ui.message(fmt::format("Uploading manifest directory from: {}", manifest_dir_));
    remote_manifest_dir = staging + "/manifests";
    run.upload_dir(manifest_dir_, remote_manifest_dir);
  }
  std::vector<std::string> module_paths;
  for (size_t i = 0; i < module_paths_.size(); ++i) {
    ctx.ui.message(fmt::format("Uploading local modules from: {}", module_paths_[i]));
    module_paths.push_back(fmt::format("{}/module-{}", staging, i));
    run.upload_dir(module_paths_[i], module_paths.back());
  }
  // manifest_file may be a directory (puppet apply takes either): uploaded whole into manifests/.
  ctx.ui.message("Uploading manifests...");
  std::string remote_manifests = staging + "/manifests", remote_manifest;
  run.create_dir(remote_manifests);
  std::error_code ec;
  if (fs::is_directory(manifest_file_, ec)) {
    ctx.ui.message(fmt::format("Uploading manifest directory from: {}", manifest_file_));
    run.upload_dir(manifest_file_, remote_manifests);
    remote_manifest = remote_manifests;
  } else {
    ctx.ui.message(fmt::format("Uploading manifest file from: {}", manifest_file_));
    remote_manifest = remote_manifests + "/" + fs::path(manifest_file_).filename().string();
    run.upload_file(manifest_file_, remote_manifest);
  }
  const char* joiner = options_.guest_os_type == "windows" ? ";" : ":";
  run.execute({
      {"HieraConfigPath", remote_hiera},
      {"ManifestDir", remote_manifest_dir},
      {"ManifestFile", remote_manifest},
      {"ModulePath", fmt::format("{}", fmt::join(module_paths, joiner))},
      {"ModulePathJoiner", joiner},
  });
}

}  // namespace kiln
