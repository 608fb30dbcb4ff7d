#include "prompt.hpp"

#include <poll.h>
#include <unistd.h>

#include <mutex>

namespace kiln::cli {
namespace {

// Reads up to a newline (or end of input); false when cancelled first.
bool wait_for_enter(const CancelToken& cancel) {
  for (;;) {
    if (cancel.cancelled()) return false;
    pollfd in{STDIN_FILENO, POLLIN, 0};
    int ready = poll(&in, 1, 100);
    if (ready <= 0) continue;  // timeout or EINTR: check the cancel again
    char buf[256];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) return true;
    for (ssize_t i = 0; i < n; ++i)
      if (buf[i] == '\n') return true;
  }
}

}  // namespace

PromptFn terminal_prompt(std::shared_ptr<EventBus> bus) {
  if (!isatty(STDIN_FILENO)) return {};
  auto terminal = std::make_shared<std::mutex>();  // parallel builds take turns at the one terminal
  return [bus = std::move(bus), terminal](const Prompt& p) {
    std::lock_guard lock(*terminal);
    if (p.cancel.cancelled()) return PromptAnswer::Continue;
    Ui(bus, p.build).say("Press enter to continue.");
    wait_for_enter(p.cancel);
    return PromptAnswer::Continue;
  };
}

}  // namespace kiln::cli
