// Provisioner "chef-client": writes client.rb and the node's first-boot JSON attributes to a staging
// directory on the machine, runs chef-client against a Chef server, then deletes the node and its
// client from the server with knife, as Packer 1.6.6's (see docs/chef.md).
#pragma once

#include "kiln/plugin.hpp"
#include "provisioners/chef/chef_options.hpp"

namespace kiln {

class ChefRun;

class ChefClientProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  // Deletes the node and the client from the server (knife `noun` delete), unless skipped.
  void clean_server(ProvisionerContext& ctx, ChefRun& run, const std::string& node_name, const std::string& client_key);

  ChefOptions options_;
  std::string client_key_, knife_command_, node_name_, policy_group_, policy_name_, server_url_, ssl_verify_mode_,
      trusted_certs_dir_, validation_client_name_, validation_key_path_;
  bool skip_clean_client_ = false, skip_clean_node_ = false, skip_clean_staging_ = false;
};

}  // namespace kiln
