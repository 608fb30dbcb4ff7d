// Disk settings that changed shape: vmware-compaction, qemu-disk-size, vsphere-iso-net-disk.
#include <cmath>
#include <cstdint>

#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {

// vmware-iso on esx5 with a disk other than "thin" (zeroedthick when unset) needs
// "skip_compaction": true.
void fix_vmware_compaction(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "vmware-iso")) continue;
    const std::string* remote = string_member(*builder, "remote_type");
    if (!remote || *remote != "esx5") continue;
    if (const Value* disk = builder->find("disk_type_id")) {
      if (!disk->is_string() || disk->as_string() == "thin") continue;
    } else {
      builder->set("disk_type_id", Value::string("zeroedthick"));
    }
    const Value* skip = builder->find("skip_compaction");
    if (skip && !skip->is_bool()) continue;
    builder->set("skip_compaction", Value::boolean(true));
  }
}

// A numeric disk_size of a qemu builder becomes megabytes as a string: 10240 → "10240M". Go's
// int() truncates toward zero, and gives the minimum int64 for what does not fit.
void fix_qemu_disk_size(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "qemu")) continue;
    const Value* size = builder->find("disk_size");
    if (!size || !size->is_number()) continue;
    double d = size->as_number();
    int64_t megabytes = d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? static_cast<int64_t>(d) : INT64_MIN;
    builder->set("disk_size", Value::string(std::to_string(megabytes) + "M"));
  }
}

namespace {

// Moves the present `keys` of `builder` into one new object (renamed per `names`) put first in
// the list builder[list_key], ahead of the entries already there.
void gather_into_list(Value& builder, std::initializer_list<std::pair<const char*, const char*>> keys, const char* list_key) {
  Value entry = Value::object();
  for (auto [from, to] : keys)
    if (const Value* v = builder.find(from)) {
      entry.set(to, *v);
      builder.erase(from);
    }
  if (entry.size() == 0) return;
  Value list = Value::array();
  list.push(std::move(entry));
  if (const Value* existing = builder.find(list_key)) {
    if (!existing->is_array()) throw Unfixable(std::string("vsphere-iso-net-disk: \"") + list_key + "\" is not a list");
    for (const Value& item : existing->items()) list.push(item);
  }
  builder.set(list_key, std::move(list));
}

}  // namespace

// vsphere-iso's network, networkCard/network_card become a network_adapters entry; disk_size,
// disk_thin_provisioned and disk_eagerly_scrub a storage entry.
void fix_vsphere_iso_net_disk(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "vsphere-iso")) continue;
    gather_into_list(*builder, {{"network", "network"}, {"networkCard", "network_card"}, {"network_card", "network_card"}},
                     "network_adapters");
    gather_into_list(*builder,
                     {{"disk_size", "disk_size"}, {"disk_thin_provisioned", "disk_thin_provisioned"},
                      {"disk_eagerly_scrub", "disk_eagerly_scrub"}},
                     "storage");
  }
}

}  // namespace kiln::fix
