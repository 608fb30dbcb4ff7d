// Packer 1.6.6's template fixers (`packer fix`), each rewriting the decoded template in place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiln/value.hpp"

namespace kiln::fix {

struct Fixer {
  const char* name;
  const char* synopsis;  // as `packer fix -h` lists it
  void (*fix)(Value& tpl);
};

// Every fixer, in the order `packer fix` runs them.
const std::vector<Fixer>& fixers();

// Runs every fixer on a decoded template. Throws Error with Packer's message when a fixer cannot
// decode what it needs, Unfixable where Packer 1.6.6 would crash.
void apply_fixers(Value& tpl);

// Small accessors the fixers share.
inline const std::string* string_member(const Value& obj, std::string_view key) {
  const Value* v = obj.find(key);
  return v && v->is_string() ? &v->as_string() : nullptr;
}
inline bool type_is(const Value& obj, std::string_view type) {
  const std::string* t = string_member(obj, "type");
  return t && *t == type;
}
inline bool type_starts_with(const Value& obj, std::string_view prefix) {
  const std::string* t = string_member(obj, "type");
  return t && t->starts_with(prefix);
}
// Moves obj[from] to obj[to] (replacing it) when `from` is present.
inline void rename_key(Value& obj, std::string_view from, std::string to) {
  const Value* v = obj.find(from);
  if (!v) return;
  Value moved = *v;
  obj.erase(from);
  obj.set(std::move(to), std::move(moved));
}

// The fixers, by family (one file each).
void fix_iso_md5(Value& tpl);                    // iso.cpp
void fix_iso_checksum_type_and_url(Value& tpl);
void fix_createtime(Value& tpl);                 // image_names.cpp
void fix_clean_image_name(Value& tpl);
void fix_virtualbox_gaattach(Value& tpl);        // renames.cpp
void fix_virtualbox_rename(Value& tpl);
void fix_vmware_rename(Value& tpl);
void fix_proxmox_type(Value& tpl);
void fix_parallels_headless(Value& tpl);         // deprecations.cpp
void fix_parallels_deprecations(Value& tpl);
void fix_hyperv_deprecations(Value& tpl);
void fix_hyperv_vmxc_typo(Value& tpl);
void fix_hyperv_cpu_and_ram(Value& tpl);
void fix_scaleway_access_key(Value& tpl);
void fix_azure_exclude_from_latest(Value& tpl);
void fix_vmware_compaction(Value& tpl);          // disks.cpp
void fix_qemu_disk_size(Value& tpl);
void fix_vsphere_iso_net_disk(Value& tpl);
void fix_sshkeypath(Value& tpl);                 // communicator.cpp
void fix_sshdisableagent(Value& tpl);
void fix_comm_config(Value& tpl);
void fix_ssh_wait_timeout(Value& tpl);
void fix_qemu_host_port(Value& tpl);
void fix_amazon_shutdown_behavior(Value& tpl);   // amazon.cpp
void fix_amazon_enhanced_networking(Value& tpl);
void fix_amazon_private_ip(Value& tpl);
void fix_amazon_temp_sec_cidrs(Value& tpl);
void fix_spot_price_auto_product(Value& tpl);
void fix_pp_vagrant_override(Value& tpl);        // post_processors.cpp
void fix_manifest_filename(Value& tpl);
void fix_docker_email(Value& tpl);
void fix_docker_tag_tags(Value& tpl);
void fix_powershell_escapes(Value& tpl);         // provisioners.cpp
void fix_galaxy_command(Value& tpl);

}  // namespace kiln::fix
