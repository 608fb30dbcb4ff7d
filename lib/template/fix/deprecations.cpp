// Settings builders renamed or dropped: parallels-headless, parallels-deprecations,
// hyperv-deprecations, hyperv-vmxc-typo, hyperv-cpu-and-ram, scaleway-access-key,
// azure-exclude_from_latest.
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {
namespace {

bool is_parallels(const Value& builder) { return type_is(builder, "parallels-iso") || type_is(builder, "parallels-pvm"); }

}  // namespace

void fix_parallels_headless(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    if (is_parallels(*builder)) builder->erase("headless");
}

// parallels_tools_host_path goes; guest_os_distribution replaces guest_os_type.
void fix_parallels_deprecations(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!is_parallels(*builder)) continue;
    builder->erase("parallels_tools_host_path");
    rename_key(*builder, "guest_os_distribution", "guest_os_type");
  }
}

void fix_hyperv_deprecations(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    if (type_is(*builder, "hyperv-iso")) builder->erase("vhd_temp_path");
}

void fix_hyperv_vmxc_typo(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    if (type_is(*builder, "hyperv-vmcx")) rename_key(*builder, "clone_from_vmxc_path", "clone_from_vmcx_path");
}

void fix_hyperv_cpu_and_ram(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "hyperv-vmcx") && !type_is(*builder, "hyperv-iso")) continue;
    rename_key(*builder, "cpu", "cpus");
    rename_key(*builder, "ram_size", "memory");
  }
}

// A string access_key becomes organization_id unless that is already set; either way it goes.
void fix_scaleway_access_key(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "scaleway")) continue;
    const std::string* key = string_member(*builder, "access_key");
    if (!key) continue;
    if (!builder->find("organization_id")) builder->set("organization_id", Value::string(*key));
    builder->erase("access_key");
  }
}

// The misspelt shared_image_destination.exlude_from_latest of azure-chroot builders.
void fix_azure_exclude_from_latest(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_starts_with(*builder, "azure-chroot")) continue;
    Value* destination = builder->find("shared_image_destination");
    if (destination && destination->is_object()) rename_key(*destination, "exlude_from_latest", "exclude_from_latest");
  }
}

}  // namespace kiln::fix
