// Provisioner "puppet-server": runs `puppet agent --onetime` on the machine against a Puppet server,
// optionally with a client certificate and private keys uploaded first, as Packer 1.6.6's (see
// docs/puppet.md).
#pragma once

#include "kiln/plugin.hpp"
#include "provisioners/puppet/puppet_common.hpp"

namespace kiln {

class PuppetServerProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  PuppetOptions options_;
  std::string client_cert_path_, client_private_key_path_, puppet_node_, puppet_server_;
};

}  // namespace kiln
