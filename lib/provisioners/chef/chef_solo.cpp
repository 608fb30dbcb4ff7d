#include "provisioners/chef/chef_solo.hpp"

#include <fmt/format.h>

#include "provisioners/chef/chef_run.hpp"
#include "template/fix/deprecated_keys.hpp"

namespace kiln {
namespace {

// Packer's solo.rb, tabs and blank lines included. Its data: .ChefLicense, .CookbookPaths (quoted,
// joined by commas), .RolesPath, .DataBagsPath, .EncryptedDataBagSecretPath, .EnvironmentsPath,
// .ChefEnvironment and a .Has… flag for each of the four paths.
constexpr std::string_view solo_rb =
    "\n"
    "chef_license \t\t\"{{.ChefLicense}}\"\n"
    "cookbook_path \t[{{.CookbookPaths}}]\n"
    "{{if .HasRolesPath}}\n"
    "role_path\t\t\"{{.RolesPath}}\"\n"
    "{{end}}\n"
    "{{if .HasDataBagsPath}}\n"
    "data_bag_path\t\"{{.DataBagsPath}}\"\n"
    "{{end}}\n"
    "{{if .HasEncryptedDataBagSecretPath}}\n"
    "encrypted_data_bag_secret \"{{.EncryptedDataBagSecretPath}}\"\n"
    "{{end}}\n"
    "{{if .HasEnvironmentsPath}}\n"
    "environment_path \"{{.EnvironmentsPath}}\"\n"
    "environment \"{{.ChefEnvironment}}\"\n"
    "{{end}}\n";

// Packer's check of a local directory option; an existing non-directory gets a reason of its own
// where Packer prints Go's "%!s(<nil>)".
void check_solo_dir(const Config& c, Problems& problems, const char* key, const char* what, const std::string& path) {
  bool is_dir = false;
  std::string error = chef_stat_error(path, is_dir);
  if (error.empty() && !is_dir) error = "not a directory";
  if (!error.empty()) problems.add(c.pos(key), c.path(), fmt::format("Bad {} '{}': {}", what, path, error));
}

}  // namespace

const Schema& ChefSoloProvisioner::schema() const {
  static const Schema s = [] {
    Schema schema{ChefOptions::fields()};
    schema.fields.insert(schema.fields.end(), {{"cookbook_paths", FieldType::StringList},
                                               {"data_bags_path", FieldType::String},
                                               {"environments_path", FieldType::String},
                                               {"remote_cookbook_paths", FieldType::StringList},
                                               {"roles_path", FieldType::String}});
    schema.deprecated = fix::deprecated_keys();
    return schema;
  }();
  return s;
}

void ChefSoloProvisioner::prepare(const Config& c, Problems& problems) {
  if (!options_.read(c, problems, "chef-solo")) return;
  cookbook_paths_ = c.strings("cookbook_paths");
  remote_cookbook_paths_ = c.strings("remote_cookbook_paths");
  roles_path_ = c.str("roles_path");
  data_bags_path_ = c.str("data_bags_path");
  environments_path_ = c.str("environments_path");

  options_.check_config_template(c, problems);
  for (const auto& path : cookbook_paths_) check_solo_dir(c, problems, "cookbook_paths", "cookbook path", path);
  if (!roles_path_.empty()) check_solo_dir(c, problems, "roles_path", "roles path", roles_path_);
  if (!data_bags_path_.empty()) check_solo_dir(c, problems, "data_bags_path", "data bags path", data_bags_path_);
  options_.check_secret(c, problems);
  if (!environments_path_.empty())
    check_solo_dir(c, problems, "environments_path", "environments path", environments_path_);
}

void ChefSoloProvisioner::provision(ProvisionerContext& ctx) {
  ctx.ui.say("Provisioning with chef-solo");
  ChefRun run(ctx, options_);
  run.install(false);
  const std::string& staging = options_.staging_dir;
  run.create_dir(staging, "Error creating staging directory");

  // solo.rb lists the remote cookbook paths first, then the uploaded ones.
  std::vector<std::string> cookbook_paths;
  for (const auto& path : remote_cookbook_paths_) cookbook_paths.push_back(fmt::format("\"{}\"", path));
  for (size_t i = 0; i < cookbook_paths_.size(); ++i) {
    std::string target = fmt::format("{}/cookbooks-{}", staging, i);
    run.upload_dir(cookbook_paths_[i], target, "Error uploading cookbooks");
    cookbook_paths.push_back(fmt::format("\"{}\"", target));
  }
  auto upload_dir = [&](const std::string& local, const char* name, const char* failure) -> std::string {
    if (local.empty()) return {};
    std::string target = fmt::format("{}/{}", staging, name);
    run.upload_dir(local, target, failure);
    return target;
  };
  std::string roles = upload_dir(roles_path_, "roles", "Error uploading roles");
  std::string data_bags = upload_dir(data_bags_path_, "data_bags", "Error uploading data bags");
  std::string secret;
  if (!options_.encrypted_data_bag_secret_path.empty()) {
    secret = staging + "/encrypted_data_bag_secret";
    run.upload_file(options_.encrypted_data_bag_secret_path, secret, "Error uploading encrypted data bag secret");
  }
  std::string environments = upload_dir(environments_path_, "environments", "Error uploading environments");

  auto flag = [](const std::string& path) { return path.empty() ? "" : "true"; };
  std::string config = run.write_config("solo.rb", solo_rb, {
      {"ChefEnvironment", options_.chef_environment},
      {"ChefLicense", options_.chef_license},
      {"CookbookPaths", fmt::format("{}", fmt::join(cookbook_paths, ","))},
      {"DataBagsPath", data_bags},
      {"EncryptedDataBagSecretPath", secret},
      {"EnvironmentsPath", environments},
      {"HasDataBagsPath", flag(data_bags)},
      {"HasEncryptedDataBagSecretPath", flag(secret)},
      {"HasEnvironmentsPath", flag(environments)},
      {"HasRolesPath", flag(roles)},
      {"RolesPath", roles},
  });
  std::string attributes = run.write_attributes("node.json");
  run.execute(config, attributes);
}

}  // namespace kiln
