// Provisioners "ansible" (ansible-playbook runs here and reaches the machine over SSH directly,
// as Packer's use_proxy=false, or a docker builder's container through the docker CLI; see
// docs/ansible.md) and "ansible-local" (ansible-playbook runs on the machine).
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class AnsibleProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  std::string playbook_, command_, user_, host_alias_, inventory_directory_, inventory_file_, galaxy_file_,
      galaxy_command_, roles_path_;
  std::vector<std::string> extra_arguments_, ansible_env_vars_, groups_, empty_groups_, ssh_extra_args_;
  bool keep_inventory_file_ = false, galaxy_force_install_ = false;
};

class AnsibleLocalProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  std::vector<std::string> playbooks_, playbook_paths_, role_paths_, extra_arguments_, inventory_groups_;
  std::string playbook_dir_, group_vars_, host_vars_, inventory_file_, galaxy_file_, galaxy_command_, command_,
      staging_;
  bool clean_staging_ = false;
};

}  // namespace kiln
