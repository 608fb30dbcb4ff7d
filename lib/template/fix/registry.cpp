// The fixers in `packer fix` order, with the synopses `packer fix -h` prints (Packer 1.6.6).
#include "template/fix/fixers.hpp"

#include "template/fix/decode.hpp"

namespace kiln::fix {

const std::vector<Fixer>& fixers() {
  static const std::vector<Fixer> all = {
      {"iso-md5", R"(Replaces "iso_md5" in builders with "iso_checksum")", fix_iso_md5},
      {"createtime", R"(Replaces ".CreateTime" in builder configs with "{{timestamp}}")", fix_createtime},
      {"virtualbox-gaattach", R"(Updates VirtualBox builders using "guest_additions_attach" to use "guest_additions_mode")",
       fix_virtualbox_gaattach},
      {"pp-vagrant-override", "Fixes provider-specific overrides for Vagrant post-processor", fix_pp_vagrant_override},
      {"virtualbox-rename", R"(Updates "virtualbox" builders to "virtualbox-iso")", fix_virtualbox_rename},
      {"vmware-rename", R"(Updates "vmware" builders to "vmware-iso")", fix_vmware_rename},
      {"parallels-headless", R"(Removes unused "headless" from Parallels builders)", fix_parallels_headless},
      {"parallels-deprecations",
       R"(Removes deprecated "parallels_tools_host_path" from Parallels builders and changes "guest_os_distribution" to "guest_os_type".)",
       fix_parallels_deprecations},
      {"sshkeypath", R"(Updates builders using "ssh_key_path" to use "ssh_private_key_file")", fix_sshkeypath},
      {"sshdisableagent", R"(Updates builders using "ssh_disable_agent" to use "ssh_disable_agent_forwarding")",
       fix_sshdisableagent},
      {"scaleway-access-key", R"(Updates builders using "access_key" to use "organization_id")", fix_scaleway_access_key},
      {"manifest-filename", R"(Updates "manifest" post-processor so any "filename" field is renamed to "output".)",
       fix_manifest_filename},
      {"amazon-shutdown_behavior", R"(Changes "shutdown_behaviour" to "shutdown_behavior" in Amazon builders.)",
       fix_amazon_shutdown_behavior},
      {"amazon-enhanced-networking", R"(Replaces "enhanced_networking" in builders with "ena_support")",
       fix_amazon_enhanced_networking},
      {"amazon-private-ip", R"(Replaces `"ssh_private_ip": true` in amazon builders with `"ssh_interface": "private_ip"`)",
       fix_amazon_private_ip},
      {"amazon-temp-sec-cidrs",
       R"(Replaces "temporary_security_group_source_cidr" (string) with "temporary_security_group_source_cidrs" (list of strings))",
       fix_amazon_temp_sec_cidrs},
      {"docker-email", R"(Removes "login_email" from the Docker builder.)", fix_docker_email},
      {"docker-tag-tags", R"(Updates "docker" post-processor so any "tag" field is renamed to "tags".)", fix_docker_tag_tags},
      {"powershell-escapes", "Removes PowerShell escapes from user env vars and elevated username and password strings",
       fix_powershell_escapes},
      {"vmware-compaction", R"(Adds "skip_compaction = true" to "vmware-iso" builders with incompatible disk_type_id)",
       fix_vmware_compaction},
      {"hyperv-deprecations", R"(Removes the deprecated "vhd_temp_path" setting from Hyper-V ISO builder templates)",
       fix_hyperv_deprecations},
      {"hyperv-vmxc-typo",
       R"(Fixes a typo replacing "clone_from_vmxc_path" with "clone_from_vmcx_path" in Hyper-V VMCX builder templates)",
       fix_hyperv_vmxc_typo},
      // Packer's synopsis lacks the space before "in".
      {"hyperv-cpu-and-ram", R"(Replaces "cpu" with "cpus" and "ram_size" with "memory"in Hyper-V VMCX builder templates)",
       fix_hyperv_cpu_and_ram},
      {"clean-image-name", R"(Replaces /clean_(image|ami)_name/ in builder configs with "clean_resource_name")",
       fix_clean_image_name},
      {"spot-price-auto-product", R"(Removes the deprecated "spot_price_auto_product" setting from Amazon builder templates)",
       fix_spot_price_auto_product},
      {"qemu-disk-size", R"(Updates "disk_size" from int to string in QEMU builders.)", fix_qemu_disk_size},
      {"galaxy-command", R"(Replaces "galaxycommand" in ansible-local provisioner configs with "galaxy_command")",
       fix_galaxy_command},
      {"comm-config",
       "Remove ssh prefixes from communicator port forwarding configuration (host_port_min, host_port_max, skip_nat_mapping)",
       fix_comm_config},
      {"ssh-wait-timeout", R"(Replaces "ssh_wait_timeout" with "ssh_timeout")", fix_ssh_wait_timeout},
      {"vsphere-iso-net-disk", R"(Removes deprecated network and disk fields from "vsphere-iso" builder)",
       fix_vsphere_iso_net_disk},
      // Packer's synopsis names iso_checksum_url twice.
      {"iso-checksum-type-and-url",
       R"(Puts content of potential "iso_checksum_url" and "iso_checksum_url" in "iso_checksum")",
       fix_iso_checksum_type_and_url},
      {"qemu-host-port", "Updates ssh_host_port_min and ssh_host_port_max to host_port_min and host_port_max",
       fix_qemu_host_port},
      {"azure-exclude_from_latest", R"(Changes "exlude_from_latest" to "exclude_from_latest" in Azure builders.)",
       fix_azure_exclude_from_latest},
      {"proxmox-type", "Updates the builder type proxmox to proxmox-iso", fix_proxmox_type},
  };
  return all;
}

void apply_fixers(Value& tpl) {
  // Packer decodes `null` into a nil map, which the first fixer cannot write to.
  if (tpl.is_null()) throw Unfixable("the template is null");
  for (const Fixer& fixer : fixers()) fixer.fix(tpl);
}

}  // namespace kiln::fix
