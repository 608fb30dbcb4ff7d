// The AWS SDKs' "standard" retry mode: which failures to retry and how long to back off.
#pragma once

#include <chrono>
#include <random>
#include <string>

namespace kiln::aws {

struct RetryPolicy {
  int max_attempts = 3;                         // first try included
  std::chrono::milliseconds base_delay{1000};   // full jitter: random in [0, min(base·2^n, max))
  std::chrono::milliseconds max_backoff{20000};
};

// Throttling error codes (RequestLimitExceeded, Throttling …).
bool is_throttling_code(const std::string& code);
// Errors worth another try: throttling, transient codes, HTTP 500/502/503/504.
bool is_retryable(const std::string& code, long http_status);

// Delay before retry number `retry` (1 = the first retry).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::mt19937_64& rng);

}  // namespace kiln::aws
