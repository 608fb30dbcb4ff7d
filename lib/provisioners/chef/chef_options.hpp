// The options chef-solo and chef-client share, as Packer 1.6.6's two provisioners declare them, with
// their defaults per guest_os_type and tool.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiln/plugin.hpp"

namespace kiln {

// One tool's defaults ("chef-solo" or "chef-client") on one guest_os_type.
struct ChefDefaults {
  std::string execute_command, install_command, knife_command, staging_dir;
};
ChefDefaults chef_defaults(std::string_view tool, bool windows);

struct ChefOptions {
  std::string guest_os_type, execute_command, install_command, staging_dir, version, chef_environment,
      chef_license, config_template, encrypted_data_bag_secret_path;
  Value json;  // the node's attributes, an object
  std::vector<std::string> run_list;
  bool prevent_sudo = false, skip_install = false;
  ChefDefaults defaults;

  static std::vector<Field> fields();
  // Reads them for `tool`. False, with the problem added, when guest_os_type is not one Packer
  // knows (Packer checks nothing else then).
  bool read(const Config& c, Problems& problems, std::string_view tool);
  // Packer's checks of the two local paths; each provisioner calls them in Packer's order.
  void check_config_template(const Config& c, Problems& problems) const;
  void check_secret(const Config& c, Problems& problems) const;
  bool windows() const { return guest_os_type == "windows"; }
};

// Go's os.Stat error for `path` as Packer prints it ("stat PATH: no such file or directory"), or
// empty when the path exists; `is_dir` tells what it is then.
std::string chef_stat_error(const std::string& path, bool& is_dir);

}  // namespace kiln
