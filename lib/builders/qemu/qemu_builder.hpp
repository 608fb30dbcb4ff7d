// Builder "qemu": a QEMU VM booted from an ISO or an existing disk image, provisioned over SSH
// through a host port forward, shut down, and left as image files in output_directory.
#pragma once

#include "builders/qemu/qemu_config.hpp"
#include "kiln/plugin.hpp"

namespace kiln::qemu {

class QemuBuilder : public Builder {
 public:
  const Schema& schema() const override { return qemu_schema(); }
  void prepare(const Config& config, Problems& problems) override { config_ = decode_qemu_config(config, problems); }
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  QemuConfig config_;
};

}  // namespace kiln::qemu
