// Builder types Packer renamed: virtualbox-gaattach, virtualbox-rename, vmware-rename, proxmox-type.
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {
namespace {

void rename_type(Value& tpl, std::string_view from, const char* to) {
  for (Value* builder : builder_maps(tpl))
    if (type_is(*builder, from)) builder->set("type", Value::string(to));
}

}  // namespace

// "guest_additions_attach": true/false becomes "guest_additions_mode": "attach"/"upload".
void fix_virtualbox_gaattach(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "virtualbox")) continue;
    const Value* attach = builder->find("guest_additions_attach");
    if (!attach || !attach->is_bool()) continue;
    const char* mode = attach->as_bool() ? "attach" : "upload";
    builder->erase("guest_additions_attach");
    builder->set("guest_additions_mode", Value::string(mode));
  }
}

// "virtualbox" builders become "virtualbox-iso", and so do provisioners' overrides for them.
// Builders and provisioners are decoded weakly here, so a lone provisioner object becomes a list.
void fix_virtualbox_rename(Value& tpl) {
  rename_type(tpl, "virtualbox", "virtualbox-iso");
  Value* provisioners = weak_list(tpl, "Provisioners", "provisioners");
  if (!provisioners) return;
  for (Value& raw : provisioners->items()) {
    Value provisioner;
    try {
      provisioner = weak_map(raw);
    } catch (const Error&) {
      continue;  // not an object: nothing to rename
    }
    const Value* raw_override = provisioner.find("override");
    if (!raw_override) continue;
    Value override_ = weak_map(*raw_override);
    if (!override_.find("virtualbox")) continue;
    rename_key(override_, "virtualbox", "virtualbox-iso");
    provisioner.set("override", std::move(override_));
    raw = std::move(provisioner);
  }
}

void fix_vmware_rename(Value& tpl) { rename_type(tpl, "vmware", "vmware-iso"); }

void fix_proxmox_type(Value& tpl) { rename_type(tpl, "proxmox", "proxmox-iso"); }

}  // namespace kiln::fix
