#include "provisioners/breakpoint/breakpoint_provisioner.hpp"

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"

namespace kiln {

const Schema& BreakpointProvisioner::schema() const {
  static const Schema schema{.fields = {
      {"disable", FieldType::Bool, false, "skip this breakpoint"},
      {"note", FieldType::String, false, "text shown at the breakpoint"},
  }, .deprecated = fix::deprecated_keys()};
  return schema;
}

void BreakpointProvisioner::prepare(const Config& config, Problems&) {
  disable_ = config.boolean("disable");
  note_ = config.str("note");
}

void BreakpointProvisioner::provision(ProvisionerContext& ctx) {
  if (disable_) {
    ctx.ui.say(note_.empty() ? "Breakpoint provisioner disabled; continuing..."
                             : fmt::format("Breakpoint provisioner with note \"{}\" disabled; continuing...", note_));
    return;
  }
  std::string pausing = note_.empty() ? "Pausing at breakpoint provisioner."
                                      : fmt::format("Pausing at breakpoint provisioner with note \"{}\".", note_);
  ctx.ui.say(pausing);
  if (!ctx.pause(PromptKind::Breakpoint, pausing)) ctx.ui.say("No prompt to wait on; continuing.");
}

}  // namespace kiln
