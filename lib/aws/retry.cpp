#include "aws/retry.hpp"

#include <algorithm>
#include <array>

namespace kiln::aws {

bool is_throttling_code(const std::string& code) {
  static const std::array<const char*, 14> codes = {
      "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
      "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
      "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException"};
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool is_retryable(const std::string& code, long http_status) {
  if (is_throttling_code(code)) return true;
  if (code == "RequestTimeout" || code == "RequestTimeoutException" || code == "InternalError") return true;
  return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504;
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::mt19937_64& rng) {
  double cap = static_cast<double>(policy.max_backoff.count());
  double ceiling = std::min(cap, static_cast<double>(policy.base_delay.count()) * static_cast<double>(1LL << std::min(retry - 1, 30)));
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(jitter(rng) * ceiling));
}

}  // namespace kiln::aws
