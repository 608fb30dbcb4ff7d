// Provisioner "puppet-masterless": stages manifests, modules and hiera configuration on the machine
// and runs `puppet apply` there through an execute_command template, as Packer 1.6.6's (see
// docs/puppet.md).
#pragma once

#include <map>

#include "kiln/plugin.hpp"

namespace kiln {

class PuppetMasterlessProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  std::string guest_os_type_, execute_command_, hiera_config_path_, manifest_file_, manifest_dir_, puppet_bin_dir_,
      staging_dir_, working_dir_;
  std::vector<std::string> extra_arguments_, module_paths_;
  std::map<std::string, std::string> facter_;
  bool clean_staging_ = false, ignore_exit_codes_ = false, prevent_sudo_ = false;
};

}  // namespace kiln
