#include "provisioners/chef/chef_options.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "provisioners/guest_commands.hpp"

namespace kiln {

ChefDefaults chef_defaults(std::string_view tool, bool windows) {
  const std::string name(tool), run = " --no-color -c {{.ConfigPath}} -j {{.JsonPath}}";
  if (windows)
    return {
        "c:/opscode/chef/bin/" + name + ".bat" + run,
        "powershell.exe -Command \". { iwr -useb https://omnitruck.chef.io/install.ps1 } | iex; "
        "Install-Project{{if .Version}} -version {{.Version}}{{end}}\"",
        "c:/opscode/chef/bin/knife.bat {{.Args}} {{.Flags}}",
        "C:/Windows/Temp/packer-" + name,
    };
  return {
      "{{if .Sudo}}sudo {{end}}" + name + run,
      "curl -L https://omnitruck.chef.io/install.sh | {{if .Sudo}}sudo {{end}}bash -s --{{if .Version}} -v "
      "{{.Version}}{{end}}",
      "{{if .Sudo}}sudo {{end}}knife {{.Args}} {{.Flags}}",
      "/tmp/packer-" + name,
  };
}

std::string chef_stat_error(const std::string& path, bool& is_dir) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  is_dir = !ec && std::filesystem::is_directory(status);
  if (!ec) return {};
  std::string reason = ec.message();  // strerror's text; Go's starts in lower case
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return fmt::format("stat {}: {}", path, reason);
}

std::vector<Field> ChefOptions::fields() {
  return {
      {"chef_environment", FieldType::String},
      {"chef_license", FieldType::String},
      {"config_template", FieldType::String},
      {"encrypted_data_bag_secret_path", FieldType::String},
      {"execute_command", FieldType::String, false, "", true},
      {"guest_os_type", FieldType::String},
      {"install_command", FieldType::String, false, "", true},
      {"json", FieldType::Object},
      {"prevent_sudo", FieldType::Bool},
      {"run_list", FieldType::StringList},
      {"skip_install", FieldType::Bool},
      {"staging_directory", FieldType::String},
      {"version", FieldType::String},
  };
}

bool ChefOptions::read(const Config& c, Problems& problems, std::string_view tool) {
  guest_os_type = c.str("guest_os_type", "unix");
  if (guest_os_type.empty()) guest_os_type = "unix";
  std::transform(guest_os_type.begin(), guest_os_type.end(), guest_os_type.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  if (!GuestCommands::known(guest_os_type)) {
    problems.add(c.pos("guest_os_type"), c.path(), fmt::format("Invalid guest_os_type: \"{}\"", guest_os_type));
    return false;
  }
  defaults = chef_defaults(tool, windows());
  // An empty string means the default, as in Packer.
  auto or_default = [&](const char* key, const std::string& def) {
    std::string value = c.str(key);
    return value.empty() ? def : value;
  };
  execute_command = or_default("execute_command", defaults.execute_command);
  install_command = or_default("install_command", defaults.install_command);
  staging_dir = or_default("staging_directory", defaults.staging_dir);
  version = c.str("version");
  chef_environment = c.str("chef_environment");
  chef_license = c.str("chef_license");
  config_template = c.str("config_template");
  encrypted_data_bag_secret_path = c.str("encrypted_data_bag_secret_path");
  json = c.has("json") ? *c.value("json") : Value::object();
  run_list = c.strings("run_list");
  prevent_sudo = c.boolean("prevent_sudo");
  skip_install = c.boolean("skip_install");
  // Chef's own installer asks for the license: the default install accepts it silently.
  if (!skip_install && install_command == defaults.install_command && chef_license.empty())
    chef_license = "accept-silent";

  return true;
}

void ChefOptions::check_config_template(const Config& c, Problems& problems) const {
  bool is_dir = false;
  if (config_template.empty()) return;
  if (std::string error = chef_stat_error(config_template, is_dir); !error.empty())
    problems.add(c.pos("config_template"), c.path(), "Bad config template path: " + error);
  else if (is_dir)
    problems.add(c.pos("config_template"), c.path(),
                 fmt::format("Config template path must be a file: {} is a directory", config_template));
}

void ChefOptions::check_secret(const Config& c, Problems& problems) const {
  bool is_dir = false;
  if (encrypted_data_bag_secret_path.empty()) return;
  std::string error = chef_stat_error(encrypted_data_bag_secret_path, is_dir);
  if (error.empty() && is_dir) error = "is a directory";
  if (!error.empty())
    problems.add(c.pos("encrypted_data_bag_secret_path"), c.path(),
                 fmt::format("Bad encrypted data bag secret '{}': {}", encrypted_data_bag_secret_path, error));
}

}  // namespace kiln
