// Provisioner "salt-masterless": uploads a Salt state tree (and pillar roots, minion config, grains)
// to the machine and applies it with `salt-call --local`, with Packer 1.6.6's commands; see docs/salt.md.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class SaltMasterlessProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  void apply(ProvisionerContext& ctx, std::vector<std::string>& trees);
  void clean(ProvisionerContext& ctx, const std::vector<std::string>& trees);
  std::string sudo(const std::string& command) const;

  std::string bootstrap_args_, custom_state_, minion_config_, grains_file_, local_state_tree_, local_pillar_roots_,
      remote_state_tree_, remote_pillar_roots_, temp_config_dir_, salt_bin_dir_, salt_call_args_;
  bool skip_bootstrap_ = false, disable_sudo_ = false, no_exit_on_failure_ = false, clean_ = false;
};

}  // namespace kiln
