#include "provisioners/chef/chef_client.hpp"

#include <fmt/format.h>

#include "provisioners/chef/chef_run.hpp"
#include "template/fix/deprecated_keys.hpp"
#include "template/template_funcs.hpp"
#include "util/expand_user.hpp"

namespace kiln {
namespace {

// Packer's client.rb and knife.rb. The data of both: .ChefEnvironment, .ChefLicense, .ClientKey,
// .EncryptedDataBagSecretPath, .NodeName, .PolicyGroup, .PolicyName, .ServerUrl, .SslVerifyMode,
// .TrustedCertsDir, .ValidationClientName, .ValidationKeyPath (knife.rb gets only five of them).
constexpr std::string_view client_rb =
    "\n"
    "log_level        :info\n"
    "log_location     STDOUT\n"
    "chef_server_url  \"{{.ServerUrl}}\"\n"
    "client_key       \"{{.ClientKey}}\"\n"
    "chef_license     \"{{.ChefLicense}}\"\n"
    "{{if ne .EncryptedDataBagSecretPath \"\"}}\n"
    "encrypted_data_bag_secret \"{{.EncryptedDataBagSecretPath}}\"\n"
    "{{end}}\n"
    "{{if ne .ValidationClientName \"\"}}\n"
    "validation_client_name \"{{.ValidationClientName}}\"\n"
    "{{else}}\n"
    "validation_client_name \"chef-validator\"\n"
    "{{end}}\n"
    "{{if ne .ValidationKeyPath \"\"}}\n"
    "validation_key \"{{.ValidationKeyPath}}\"\n"
    "{{end}}\n"
    "node_name \"{{.NodeName}}\"\n"
    "{{if ne .ChefEnvironment \"\"}}\n"
    "environment \"{{.ChefEnvironment}}\"\n"
    "{{end}}\n"
    "{{if ne .PolicyGroup \"\"}}\n"
    "policy_group \"{{.PolicyGroup}}\"\n"
    "{{end}}\n"
    "{{if ne .PolicyName \"\"}}\n"
    "policy_name \"{{.PolicyName}}\"\n"
    "{{end}}\n"
    "{{if ne .SslVerifyMode \"\"}}\n"
    "ssl_verify_mode :{{.SslVerifyMode}}\n"
    "{{end}}\n"
    "{{if ne .TrustedCertsDir \"\"}}\n"
    "trusted_certs_dir \"{{.TrustedCertsDir}}\"\n"
    "{{end}}\n";

constexpr std::string_view knife_rb =
    "\n"
    "log_level        :info\n"
    "log_location     STDOUT\n"
    "chef_server_url  \"{{.ServerUrl}}\"\n"
    "client_key       \"{{.ClientKey}}\"\n"
    "node_name \"{{.NodeName}}\"\n"
    "{{if ne .SslVerifyMode \"\"}}\n"
    "ssl_verify_mode :{{.SslVerifyMode}}\n"
    "{{end}}\n"
    "{{if ne .TrustedCertsDir \"\"}}\n"
    "trusted_certs_dir \"{{.TrustedCertsDir}}\"\n"
    "{{end}}\n";

}  // namespace

const Schema& ChefClientProvisioner::schema() const {
  static const Schema s = [] {
    Schema schema{ChefOptions::fields()};
    schema.fields.insert(schema.fields.end(), {{"client_key", FieldType::String},
                                               {"elevated_password", FieldType::String},
                                               {"elevated_user", FieldType::String},
                                               {"knife_command", FieldType::String, false, "", true},
                                               {"node_name", FieldType::String},
                                               {"policy_group", FieldType::String},
                                               {"policy_name", FieldType::String},
                                               {"server_url", FieldType::String},
                                               {"skip_clean_client", FieldType::Bool},
                                               {"skip_clean_node", FieldType::Bool},
                                               {"skip_clean_staging_directory", FieldType::Bool},
                                               {"ssl_verify_mode", FieldType::String},
                                               {"trusted_certs_dir", FieldType::String},
                                               {"validation_client_name", FieldType::String},
                                               {"validation_key_path", FieldType::String}});
    schema.deprecated = fix::deprecated_keys();
    return schema;
  }();
  return s;
}

void ChefClientProvisioner::prepare(const Config& c, Problems& problems) {
  if (!options_.read(c, problems, "chef-client")) return;
  client_key_ = c.str("client_key");
  knife_command_ = c.str("knife_command");
  if (knife_command_.empty()) knife_command_ = options_.defaults.knife_command;
  node_name_ = c.str("node_name");
  policy_group_ = c.str("policy_group");
  policy_name_ = c.str("policy_name");
  server_url_ = c.str("server_url");
  ssl_verify_mode_ = c.str("ssl_verify_mode");
  trusted_certs_dir_ = c.str("trusted_certs_dir");
  validation_client_name_ = c.str("validation_client_name");
  validation_key_path_ = c.str("validation_key_path");
  skip_clean_client_ = c.boolean("skip_clean_client");
  skip_clean_node_ = c.boolean("skip_clean_node");
  skip_clean_staging_ = c.boolean("skip_clean_staging_directory");

  options_.check_config_template(c, problems);
  if (server_url_.empty()) problems.add(c.object().pos(), c.path(), "server_url must be set");
  options_.check_secret(c, problems);
  if (policy_name_.empty() != policy_group_.empty())
    problems.add(c.object().pos(), c.path(), "If either policy_name or policy_group are set, they must both be set.");
  // Packer runs the command through a Windows scheduled task then; kiln has no such runner.
  if (!c.str("elevated_user").empty())
    problems.add(c.pos("elevated_user"), c.path(),
                 "elevated_user is not supported by kiln (Packer's Windows scheduled-task elevation)");
}

void ChefClientProvisioner::provision(ProvisionerContext& ctx) {
  std::string node_name = node_name_.empty() ? "packer-" + tmpl::time_ordered_uuid() : node_name_;
  ChefRun run(ctx, options_);
  run.install(true);
  run.clean_staging_at_exit(!skip_clean_staging_);
  const std::string& staging = options_.staging_dir;
  run.create_dir(staging, "Error creating staging directory");
  std::string client_key = client_key_.empty() ? staging + "/client.pem" : client_key_;

  std::string secret;
  if (!options_.encrypted_data_bag_secret_path.empty()) {
    ctx.ui.message(fmt::format("Uploading {}...", options_.encrypted_data_bag_secret_path));
    secret = staging + "/encrypted_data_bag_secret";
    run.upload_file(options_.encrypted_data_bag_secret_path, secret, "Error uploading encrypted data bag secret");
  }
  std::string validation_key;
  if (!validation_key_path_.empty()) {
    std::string local = expand_user(validation_key_path_, *ctx.environment);
    ctx.ui.message(fmt::format("Uploading {}...", local));
    validation_key = staging + "/validation.pem";
    run.upload_file(local, validation_key, "Error copying validation key");
  }

  std::string config = run.write_config("client.rb", client_rb, {
      {"ChefEnvironment", options_.chef_environment},
      {"ChefLicense", options_.chef_license},
      {"ClientKey", client_key},
      {"EncryptedDataBagSecretPath", secret},
      {"NodeName", node_name},
      {"PolicyGroup", policy_group_},
      {"PolicyName", policy_name_},
      {"ServerUrl", server_url_},
      {"SslVerifyMode", ssl_verify_mode_},
      {"TrustedCertsDir", trusted_certs_dir_},
      {"ValidationClientName", validation_client_name_},
      {"ValidationKeyPath", validation_key},
  });
  std::string attributes = run.write_attributes("first-boot.json");
  // As Packer, the node and client are deleted from the server even when Chef failed, and a
  // failure to delete them is the error reported.
  std::string chef_failure;
  try {
    run.execute(config, attributes);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    chef_failure = e.what();
  }
  clean_server(ctx, run, node_name, client_key);
  if (!chef_failure.empty()) throw Error(chef_failure, ErrorCode::Build);
  if (!skip_clean_staging_) run.remove_staging();
}

void ChefClientProvisioner::clean_server(ProvisionerContext& ctx, ChefRun& run, const std::string& node_name,
                                         const std::string& client_key) {
  if (skip_clean_node_ && skip_clean_client_) return;
  ctx.ui.message("Creating configuration file 'knife.rb'");
  std::string knife_config;
  try {
    knife_config = run.upload_text("knife.rb", run.render(knife_rb, {{"ClientKey", client_key},
                                                                     {"NodeName", node_name},
                                                                     {"ServerUrl", server_url_},
                                                                     {"SslVerifyMode", ssl_verify_mode_},
                                                                     {"TrustedCertsDir", trusted_certs_dir_}}));
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(fmt::format("Error creating knife config on node: {}", e.what()), ErrorCode::Build);
  }
  auto knife = [&](const char* noun) {
    ctx.ui.say(fmt::format("Cleaning up chef {}...", noun));
    std::string command = run.render(knife_command_, {{"Args", fmt::format("{} delete {}", noun, node_name)},
                                                      {"Flags", "-y -c " + knife_config},
                                                      {"Sudo", run.sudo()}});
    if (run.run(command) != 0)
      throw Error(fmt::format("Error cleaning up chef {0}: Failed to cleanup {0}: Non-zero exit status. See output "
                              "above for more info.\n\nCommand: {1}",
                              noun, command),
                  ErrorCode::Build);
  };
  if (!skip_clean_node_) knife("node");
  if (!skip_clean_client_) knife("client");
}

}  // namespace kiln
