// Asking the user to go on: breakpoints and -debug pauses. The library never reads a terminal itself;
// the host (the CLI, a C or Python caller) supplies the prompt, or pauses are announced and skipped.
#pragma once

#include <functional>
#include <string>

#include "kiln/cancel.hpp"

namespace kiln {

enum class PromptKind { Breakpoint, DebugStep };
enum class PromptAnswer { Continue, Abort };

struct Prompt {
  PromptKind kind = PromptKind::Breakpoint;
  std::string build;
  std::string message;  // secrets masked
  CancelToken cancel;   // a prompt that waits returns once this is cancelled
};

// Runs on the build's thread, concurrently for parallel builds. A throw fails the build.
using PromptFn = std::function<PromptAnswer(const Prompt&)>;

}  // namespace kiln
