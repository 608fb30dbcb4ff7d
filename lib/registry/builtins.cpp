// Every built-in plugin, registered under Packer's type names.
#include "builders/amazon/chroot_builder.hpp"
#include "builders/amazon/connect.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "builders/amazon/instance_builder.hpp"
#include "builders/docker/docker_builder.hpp"
#include "builders/file/file_builder.hpp"
#include "builders/null/null_builder.hpp"
#include "builders/qemu/qemu_builder.hpp"
#include "kiln/registry.hpp"
#include "postprocessors/amazon_import/amazon_import_post_processor.hpp"
#include "postprocessors/artifice/artifice_post_processor.hpp"
#include "postprocessors/checksum/checksum_post_processor.hpp"
#include "postprocessors/compress/compress_post_processor.hpp"
#include "postprocessors/docker/docker_post_processors.hpp"
#include "postprocessors/manifest/manifest_post_processor.hpp"
#include "postprocessors/vagrant/vagrant_post_processor.hpp"
#include "provisioners/ansible/ansible_provisioners.hpp"
#include "provisioners/breakpoint/breakpoint_provisioner.hpp"
#include "provisioners/chef/chef_client.hpp"
#include "provisioners/chef/chef_solo.hpp"
#include "provisioners/salt/salt_masterless_provisioner.hpp"
#include "provisioners/file/file_provisioner.hpp"
#include "provisioners/puppet/puppet_masterless.hpp"
#include "provisioners/puppet/puppet_server.hpp"
#include "provisioners/shell/shell_provisioner.hpp"
#include "provisioners/shell_local/shell_local_provisioner.hpp"
#include "provisioners/sleep/sleep_provisioner.hpp"

namespace kiln {

void register_builtins(Registry& r) {
  r.add_builder("null", [] { return std::make_unique<NullBuilder>(); });
  r.add_builder("file", [] { return std::make_unique<FileBuilder>(); });
  r.add_builder("docker", [] { return std::make_unique<DockerBuilder>(); });
  r.add_builder("amazon-instance", [] { return std::make_unique<amazon::InstanceBuilder>(amazon::connect_ssh); });
  r.add_builder("amazon-ebs", [] { return std::make_unique<amazon::EbsBuilder>(amazon::connect_ssh); });
  r.add_builder("amazon-chroot", [] { return std::make_unique<amazon::ChrootBuilder>(); });
  r.add_builder("qemu", [] { return std::make_unique<qemu::QemuBuilder>(); });

  r.add_provisioner("shell-local", [] { return std::make_unique<ShellLocalProvisioner>(); });
  r.add_provisioner("shell", [] { return std::make_unique<ShellProvisioner>(); });
  r.add_provisioner("file", [] { return std::make_unique<FileProvisioner>(); });
  r.add_provisioner("ansible", [] { return std::make_unique<AnsibleProvisioner>(); });
  r.add_provisioner("ansible-local", [] { return std::make_unique<AnsibleLocalProvisioner>(); });
  r.add_provisioner("puppet-masterless", [] { return std::make_unique<PuppetMasterlessProvisioner>(); });
  r.add_provisioner("puppet-server", [] { return std::make_unique<PuppetServerProvisioner>(); });
  r.add_provisioner("salt-masterless", [] { return std::make_unique<SaltMasterlessProvisioner>(); });
  r.add_provisioner("chef-solo", [] { return std::make_unique<ChefSoloProvisioner>(); });
  r.add_provisioner("chef-client", [] { return std::make_unique<ChefClientProvisioner>(); });
  r.add_provisioner("sleep", [] { return std::make_unique<SleepProvisioner>(); });
  r.add_provisioner("breakpoint", [] { return std::make_unique<BreakpointProvisioner>(); });

  r.add_post_processor("shell-local", [] { return std::make_unique<ShellLocalPostProcessor>(); });
  r.add_post_processor("manifest", [] { return std::make_unique<ManifestPostProcessor>(); });
  r.add_post_processor("checksum", [] { return std::make_unique<ChecksumPostProcessor>(); });
  r.add_post_processor("artifice", [] { return std::make_unique<ArtificePostProcessor>(); });
  r.add_post_processor("compress", [] { return std::make_unique<CompressPostProcessor>(); });
  r.add_post_processor("docker-import", [] { return std::make_unique<DockerImportPostProcessor>(); });
  r.add_post_processor("docker-tag", [] { return std::make_unique<DockerTagPostProcessor>(); });
  r.add_post_processor("docker-save", [] { return std::make_unique<DockerSavePostProcessor>(); });
  r.add_post_processor("docker-push", [] { return std::make_unique<DockerPushPostProcessor>(); });
  r.add_post_processor("amazon-import", [] { return std::make_unique<AmazonImportPostProcessor>(); });
  r.add_post_processor("vagrant", [] { return std::make_unique<VagrantPostProcessor>(); });
}

}  // namespace kiln
