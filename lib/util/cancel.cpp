#include "kiln/cancel.hpp"

#include "kiln/error.hpp"

namespace kiln {

void CancelToken::throw_if_cancelled() const {
  if (cancelled()) throw Cancelled();
}

bool CancelToken::wait_for(std::chrono::milliseconds d) const {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  // With the stop_token overload the wait returns as soon as stop is requested.
  return !cv.wait_for(lock, token_, d, [] { return false; }) && !token_.stop_requested();
}

}  // namespace kiln
