// The CLI's answer to breakpoints and -debug pauses: Enter on the terminal.
#pragma once

#include <memory>

#include "kiln/events.hpp"
#include "kiln/prompt.hpp"

namespace kiln::cli {

// Waits for a line on stdin, polling so that a cancel (Ctrl-C) ends the wait; empty (pauses are
// announced and skipped) when stdin is not a terminal.
PromptFn terminal_prompt(std::shared_ptr<EventBus> bus);

}  // namespace kiln::cli
