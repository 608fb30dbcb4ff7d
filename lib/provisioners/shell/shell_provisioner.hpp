// Provisioner "shell": uploads scripts to the machine and runs them there, as Packer's.
#pragma once

#include "kiln/plugin.hpp"

namespace kiln {

class ShellProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  void provision(ProvisionerContext& ctx) override;

 private:
  std::vector<std::string> inline_, scripts_, environment_vars_;
  std::map<std::string, std::string> env_;
  std::string inline_shebang_, remote_folder_, remote_file_, remote_path_, execute_command_, env_var_format_;
  bool skip_clean_ = false, expect_disconnect_ = false, use_env_var_file_ = false;
  std::chrono::nanoseconds start_retry_timeout_{}, pause_after_{};
  std::vector<int64_t> valid_exit_codes_;
};

}  // namespace kiln
