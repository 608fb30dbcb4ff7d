#include "builders/amazon/waiter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "kiln/error.hpp"

namespace kiln::amazon {

void wait_until(const WaitSpec& spec, const Polling& polling, const CancelToken& cancel,
                const std::function<std::string()>& probe) {
  int delay = polling.delay_seconds > 0 ? polling.delay_seconds : spec.default_delay_seconds;
  int attempts = polling.max_attempts > 0 ? polling.max_attempts : spec.default_max_attempts;

  std::string state;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    cancel.throw_if_cancelled();
    state = probe();
    if (state == spec.target) return;
    if (std::find(spec.failures.begin(), spec.failures.end(), state) != spec.failures.end())
      throw Error(fmt::format("Error waiting for {}: entered failure state \"{}\"", spec.what, state),
                  ErrorCode::Build);
    if (attempt < attempts && !cancel.wait_for(std::chrono::seconds(delay))) throw Cancelled();
  }
  throw Error(fmt::format("Error waiting for {}: exceeded {} attempts (last state \"{}\")", spec.what, attempts,
                          state.empty() ? "not found" : state),
              ErrorCode::Build);
}

}  // namespace kiln::amazon
