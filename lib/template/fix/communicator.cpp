// Communicator settings renamed: sshkeypath, sshdisableagent, comm-config, ssh-wait-timeout,
// qemu-host-port.
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {
namespace {

// `old_key` goes; its value moves to `new_key` unless that is already set. Only values of the
// kind `accept` takes are touched.
void replace_setting(Value& builder, std::string_view old_key, const char* new_key, bool (Value::*accept)() const) {
  const Value* old_value = builder.find(old_key);
  if (!old_value || !(old_value->*accept)()) return;
  if (!builder.find(new_key)) builder.set(new_key, *old_value);
  builder.erase(old_key);
}

}  // namespace

void fix_sshkeypath(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) replace_setting(*builder, "ssh_key_path", "ssh_private_key_file", &Value::is_string);
}

void fix_sshdisableagent(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    replace_setting(*builder, "ssh_disable_agent", "ssh_disable_agent_forwarding", &Value::is_bool);
}

// ssh_host_port_min, ssh_host_port_max and ssh_skip_nat_mapping lose their prefix in VirtualBox
// builders; when both spellings are present the prefixed one is dropped.
void fix_comm_config(Value& tpl) {
  Value* builders = weak_list(tpl, "Builders", "builders");
  if (!builders) return;
  for (Value& builder : builders->items()) {
    const std::string* type = string_member(builder, "type");
    if (!type) throw Unfixable("comm-config: a builder has no string \"type\"");
    if (!type->starts_with("virtualbox")) continue;
    for (const char* key : {"host_port_min", "host_port_max"}) {
      std::string prefixed = std::string("ssh_") + key;
      if (builder.find(key)) builder.erase(prefixed);
      else rename_key(builder, prefixed, key);
    }
    if (builder.find("skip_nat_mapping")) builder.erase("ssh_skip_nat_mapping");
    else if (const Value* skip = builder.find("ssh_skip_nat_mapping"); skip && skip->is_bool())
      rename_key(builder, "ssh_skip_nat_mapping", "skip_nat_mapping");
  }
}

// ssh_wait_timeout becomes ssh_timeout (when a string); with both, ssh_wait_timeout is dropped.
void fix_ssh_wait_timeout(Value& tpl) {
  Value* builders = weak_list(tpl, "Builders", "builders");
  if (!builders) return;
  for (Value& builder : builders->items()) {
    if (!builder.is_object()) continue;
    if (builder.find("ssh_timeout")) builder.erase("ssh_wait_timeout");
    else if (const Value* wait = builder.find("ssh_wait_timeout"); wait && wait->is_string())
      rename_key(builder, "ssh_wait_timeout", "ssh_timeout");
  }
}

void fix_qemu_host_port(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!type_is(*builder, "qemu")) continue;
    rename_key(*builder, "ssh_host_port_min", "host_port_min");
    rename_key(*builder, "ssh_host_port_max", "host_port_max");
  }
}

}  // namespace kiln::fix
