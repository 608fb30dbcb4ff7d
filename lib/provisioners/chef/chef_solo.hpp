// Provisioner "chef-solo": uploads cookbooks, roles, data bags and environments to a staging
// directory on the machine, writes solo.rb and the node's JSON attributes there and runs chef-solo,
// as Packer 1.6.6's (see docs/chef.md).
#pragma once

#include "kiln/plugin.hpp"
#include "provisioners/chef/chef_options.hpp"

namespace kiln {

class ChefSoloProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  ChefOptions options_;
  std::vector<std::string> cookbook_paths_, remote_cookbook_paths_;
  std::string roles_path_, data_bags_path_, environments_path_;
};

}  // namespace kiln
