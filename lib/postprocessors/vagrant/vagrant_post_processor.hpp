// Post-processor "vagrant": turns a qemu (libvirt), docker-import/-tag/-push (docker) or amazon-ebs/
// -instance (aws) artifact into a Vagrant box as Packer 1.6.6 does: metadata.json, the Vagrantfile
// (the provider's section and the rendered vagrantfile_template), the provider's files (box.img)
// and the `include` files, packed into a gzipped tar at `output`.
#pragma once

#include "kiln/plugin.hpp"
#include "postprocessors/vagrant/box_settings.hpp"

namespace kiln {

class VagrantPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  vagrant::BoxSettings settings_;
  Value overrides_;  // "override": provider name → settings
};

}  // namespace kiln
