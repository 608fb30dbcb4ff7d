// Pauses through the host's prompt: the library itself never reads a terminal.
#include <fmt/format.h>

#include "kiln/plugin.hpp"

namespace kiln {

bool RunContext::pause(PromptKind kind, std::string message) const {
  if (!prompt) return false;
  Prompt p{kind, build_name, ui.bus() ? ui.bus()->mask(message) : std::move(message), cancel};
  PromptAnswer answer = prompt(p);
  cancel.throw_if_cancelled();
  if (answer == PromptAnswer::Abort) throw Error("aborted at the prompt: " + p.message, ErrorCode::Build);
  return true;
}

void RunContext::debug_pause(std::string_view step) const {
  if (!debug) return;
  ui.say(fmt::format("Pausing before step '{}'.", step));
  if (!pause(PromptKind::DebugStep, fmt::format("Pausing before step '{}'.", step)))
    ui.say("No prompt to wait on; continuing.");
}

}  // namespace kiln
