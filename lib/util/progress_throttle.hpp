// Progress reports of one transfer, thinned out so that a fast copy does not flood the event stream
// (JSON lines, C and Python callbacks): the first, then at most one per 100 ms, and always the last.
#pragma once

#include <chrono>
#include <memory>

#include "kiln/communicator.hpp"

namespace kiln {

// A ProgressFn that forwards to `report` the first call, calls at least 100 ms after the previous one
// forwarded, and the call that reaches the total. Copies share the throttle.
inline ProgressFn throttled(ProgressFn report) {
  using Clock = std::chrono::steady_clock;
  auto last = std::make_shared<Clock::time_point>();
  return [report = std::move(report), last](uint64_t done, uint64_t total) {
    auto now = Clock::now();
    bool finished = total != 0 && done >= total;
    if (!finished && *last != Clock::time_point{} && now - *last < std::chrono::milliseconds(100)) return;
    *last = now;
    report(done, total);
  };
}

}  // namespace kiln
