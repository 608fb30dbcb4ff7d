// Provisioner "shell-local": runs commands on the machine running kiln.
#pragma once

#include "provisioners/shell_local/shell_local.hpp"

namespace kiln {

class ShellLocalProvisioner : public Provisioner {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override { settings_ = shell_local::decode(config, problems); }
  void provision(ProvisionerContext& ctx) override { shell_local::run(settings_, ctx); }

 private:
  shell_local::Settings settings_;
};

// Post-processor "shell-local": the same, after a build; passes its input artifact on.
class ShellLocalPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override { settings_ = shell_local::decode(config, problems); }
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override {
    shell_local::run(settings_, ctx);
    return {input, true, true};
  }

 private:
  shell_local::Settings settings_;
};

}  // namespace kiln
