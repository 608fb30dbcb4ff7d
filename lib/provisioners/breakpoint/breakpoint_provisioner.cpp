#include "provisioners/breakpoint/breakpoint_provisioner.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

namespace kiln {

const Schema& BreakpointProvisioner::schema() const {
  static const Schema schema{{
      {"disable", FieldType::Bool, false, "skip this breakpoint"},
      {"note", FieldType::String, false, "text shown at the breakpoint"},
  }};
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
  ctx.ui.say(note_.empty() ? "Pausing at breakpoint provisioner."
                           : fmt::format("Pausing at breakpoint provisioner with note \"{}\".", note_));
  if (!isatty(STDIN_FILENO)) {
    ctx.ui.say("No terminal to wait on; continuing.");
    return;
  }
  ctx.ui.say("Press enter to continue.");
  std::string line;
  std::getline(std::cin, line);
}

}  // namespace kiln
