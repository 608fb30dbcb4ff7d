// Builder "amazon-chroot": on an EC2 instance, a volume made from the source AMI's root snapshot is
// attached to this instance, mounted, provisioned through chroot, snapshotted and registered as an AMI.
#pragma once

#include "builders/amazon/chroot_config.hpp"
#include "kiln/plugin.hpp"

namespace kiln::amazon {

class ChrootBuilder : public Builder {
 public:
  const Schema& schema() const override { return chroot_schema(); }
  void prepare(const Config& config, Problems& problems) override { config_ = decode_chroot_config(config, problems); }
  std::vector<std::string> generated_data_keys() const override;
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  ChrootConfig config_;
};

}  // namespace kiln::amazon
