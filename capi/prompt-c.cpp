// kiln_prompt_*: breakpoints and debug pauses answered by the host's kiln_prompt_cb.
#include <fmt/format.h>

#include "capi/internal.hpp"

namespace kiln::capi {

PromptFn c_prompt(kiln_prompt_cb cb, void* payload) {
  return [cb, payload](const Prompt& p) {
    kiln_prompt handle{&p};
    int answer;
    try {
      answer = cb(&handle, payload);
    } catch (...) {
      throw Error("the prompt callback threw: " + current_exception_text(), ErrorCode::User);
    }
    switch (answer) {
      case KILN_PROMPT_CONTINUE: return PromptAnswer::Continue;
      case KILN_PROMPT_ABORT: return PromptAnswer::Abort;
    }
    throw Error(fmt::format("the prompt callback returned {}", answer), ErrorCode::User);
  };
}

}  // namespace kiln::capi

extern "C" {

KILN_API int kiln_prompt_kind_of(const kiln_prompt* p) noexcept {
  return p && p->prompt->kind == kiln::PromptKind::DebugStep ? KILN_PROMPT_DEBUG_STEP : KILN_PROMPT_BREAKPOINT;
}

KILN_API const char* kiln_prompt_build(const kiln_prompt* p) noexcept { return p ? p->prompt->build.c_str() : ""; }

KILN_API const char* kiln_prompt_message(const kiln_prompt* p) noexcept { return p ? p->prompt->message.c_str() : ""; }

KILN_API int kiln_prompt_cancelled(const kiln_prompt* p) noexcept { return p && p->prompt->cancel.cancelled() ? 1 : 0; }

}  // extern "C"
