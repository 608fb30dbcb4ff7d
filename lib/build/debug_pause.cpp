#include <unistd.h>

#include <iostream>
#include <string>

#include <fmt/format.h>

#include "kiln/plugin.hpp"

namespace kiln {

void RunContext::debug_pause(std::string_view step) const {
  if (!debug) return;
  if (!isatty(STDIN_FILENO)) {
    ui.say(fmt::format("Debug: next step: {} (no terminal, continuing)", step));
    return;
  }
  ui.say(fmt::format("Pausing before step '{}'. Press enter to continue.", step));
  std::string line;
  std::getline(std::cin, line);
}

}  // namespace kiln
