// Polls an EC2 resource until it reaches a state, honouring aws_polling and cancellation.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "builders/amazon/config.hpp"
#include "kiln/cancel.hpp"

namespace kiln::amazon {

struct WaitSpec {
  std::string what;                   // "instance i-123 to become running"
  std::string target;                 // state to reach
  std::vector<std::string> failures;  // states that end the wait with an error
  int default_delay_seconds = 15;     // the SDK waiter's defaults
  int default_max_attempts = 40;
};

// Calls `probe` (returns the current state; "" = not visible yet) until it returns
// spec.target, sleeping between attempts with CancelToken::wait_for. Throws kiln::Error when a
// failure state is seen or the attempts run out, Cancelled when cancelled.
void wait_until(const WaitSpec& spec, const Polling& polling, const CancelToken& cancel,
                const std::function<std::string()>& probe);

}  // namespace kiln::amazon
