// Provisioner "puppet-masterless": stages manifests, modules and hiera configuration on the machine
// and runs `puppet apply` there through an execute_command template, as Packer 1.6.6's (see
// docs/puppet.md).
#pragma once

#include "kiln/plugin.hpp"
#include "provisioners/puppet/puppet_common.hpp"

namespace kiln {

class PuppetMasterlessProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  PuppetOptions options_;
  std::string hiera_config_path_, manifest_file_, manifest_dir_;
  std::vector<std::string> module_paths_;
};

}  // namespace kiln
