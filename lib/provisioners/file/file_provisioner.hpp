// Provisioner "file": uploads (or downloads) files and directories through the communicator.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class FileProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  std::vector<std::string> sources_;
  std::optional<std::string> content_;
  std::string destination_;
  bool download_ = false;
};

}  // namespace kiln
