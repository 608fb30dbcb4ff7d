#include "provisioners/puppet/puppet_server.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

// Packer's defaults. The command is rendered with .FacterVars, .ClientCertPath,
// .ClientPrivateKeyPath, .PuppetNode, .PuppetServer, .PuppetBinDir, .Sudo, .WorkingDir,
// .ExtraArguments (and .Debug, never set).
PuppetCommands agent_commands() {
  std::string agent =
      "{{if ne .PuppetBinDir \"\"}}{{.PuppetBinDir}}/{{end}}puppet agent --onetime --no-daemonize --detailed-exitcodes "
      "{{if .Debug}}--debug {{end}}"
      "{{if ne .PuppetServer \"\"}}--server='{{.PuppetServer}}' {{end}}"
      "{{if ne .PuppetNode \"\"}}--certname='{{.PuppetNode}}' {{end}}"
      "{{if ne .ClientCertPath \"\"}}--certdir='{{.ClientCertPath}}' {{end}}"
      "{{if ne .ClientPrivateKeyPath \"\"}}--privatekeydir='{{.ClientPrivateKeyPath}}' {{end}}"
      "{{if ne .ExtraArguments \"\"}}{{.ExtraArguments}} {{end}}";
  return {puppet_unix_prefix + agent, puppet_windows_prefix + agent};
}

}  // namespace

const Schema& PuppetServerProvisioner::schema() const {
  // Packer 1.6.6 names this provisioner's staging directory `staging_dir`.
  static const Schema s = [] {
    Schema schema{PuppetOptions::fields("staging_dir")};
    schema.fields.insert(schema.fields.end(), {{"client_cert_path", FieldType::String},
                                               {"client_private_key_path", FieldType::String},
                                               {"puppet_node", FieldType::String}, {"puppet_server", FieldType::String}});
    schema.deprecated = fix::deprecated_keys();
    return schema;
  }();
  return s;
}

void PuppetServerProvisioner::prepare(const Config& c, Problems& problems) {
  if (!options_.read(c, problems, "staging_dir", "packer-puppet-server", agent_commands())) return;
  client_cert_path_ = c.str("client_cert_path");
  client_private_key_path_ = c.str("client_private_key_path");
  puppet_node_ = c.str("puppet_node");
  puppet_server_ = c.str("puppet_server");
  // Packer's messages name the options client_cert_dir and client_private_key_dir.
  auto must_be_dir = [&](const char* key, const char* name, const std::string& path) {
    std::error_code ec;
    if (path.empty()) return;
    if (!fs::exists(path, ec))
      problems.add(c.pos(key), c.path(), fmt::format("{} is invalid: stat {}: no such file or directory", name, path));
    else if (!fs::is_directory(path, ec))
      problems.add(c.pos(key), c.path(), fmt::format("{} must point to a directory", name));
  };
  must_be_dir("client_cert_path", "client_cert_dir", client_cert_path_);
  must_be_dir("client_private_key_path", "client_private_key_dir", client_private_key_path_);
}

void PuppetServerProvisioner::provision(ProvisionerContext& ctx) {
  PuppetRun run(ctx, options_);
  std::string remote_certs, remote_keys;
  if (!client_cert_path_.empty()) {
    ctx.ui.message(fmt::format("Uploading client cert from: {}", client_cert_path_));
    remote_certs = options_.staging_dir + "/certs";
    run.upload_dir(client_cert_path_, remote_certs);
  }
  if (!client_private_key_path_.empty()) {
    ctx.ui.message(fmt::format("Uploading client private keys from: {}", client_private_key_path_));
    remote_keys = options_.staging_dir + "/private_keys";
    run.upload_dir(client_private_key_path_, remote_keys);
  }
  run.execute({
      {"ClientCertPath", remote_certs},
      {"ClientPrivateKeyPath", remote_keys},
      {"PuppetNode", puppet_node_},
      {"PuppetServer", puppet_server_},
  });
}

}  // namespace kiln
