// Cooperative cancellation shared by every long operation (processes, transfers, waiters).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>

namespace kiln {

// A copyable view of a cancellation request. Default-constructed tokens are never cancelled.
class CancelToken {
 public:
  CancelToken() = default;
  explicit CancelToken(std::stop_token token) : token_(std::move(token)) {}

  bool cancelled() const { return token_.stop_requested(); }
  // Throws kiln::Cancelled when cancellation was requested.
  void throw_if_cancelled() const;
  // Sleeps up to `d`; returns false early when cancelled (true when the full time elapsed).
  bool wait_for(std::chrono::milliseconds d) const;
  const std::stop_token& stop_token() const { return token_; }

 private:
  std::stop_token token_;
};

// Owns the cancellation state; hand out tokens, call cancel() from any thread.
class CancelSource {
 public:
  CancelToken token() const { return CancelToken(source_.get_token()); }
  void cancel() { source_.request_stop(); }
  bool cancelled() const { return source_.stop_requested(); }

 private:
  std::stop_source source_;
};

}  // namespace kiln
