// A small blocking HTTP client over libcurl: one request, one response, cancellable.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"
#include "kiln/error.hpp"

namespace kiln::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  // Instead of `body`, a body read in pieces (uploads too large to hold): `body_size` bytes, each call
  // filling up to n bytes of buf and returning how many it wrote. It may throw; the request then fails.
  std::function<size_t(char* buf, size_t n)> read_body;
  uint64_t body_size = 0;
  // Receives the response body in pieces instead of Response::body (downloads too large to hold);
  // it may throw, and the request then fails with that exception.
  std::function<void(const char* data, size_t n)> write_body;
  std::chrono::milliseconds timeout{60000};          // whole transfer
  std::chrono::milliseconds connect_timeout{10000};
  bool verify_tls = true;
  // Where the proxy variables are read (the run's snapshot); nullptr: no proxy.
  const Environment* environment = nullptr;
};

struct Response {
  long status = 0;
  Headers headers;  // names as received
  std::string body;
  // The first header named `name` (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

// The request never got an HTTP answer (DNS, connect, TLS, timeout, reset). `transient()` tells
// whether trying again could help.
class TransportError : public RemoteError {
 public:
  TransportError(const std::string& message, bool transient) : RemoteError(message), transient_(transient) {}
  bool transient() const { return transient_; }

 private:
  bool transient_;
};

// Performs `req`. Any HTTP status is a Response; throws TransportError when no response came,
// Cancelled when `cancel` fires during the transfer.
Response perform(const Request& req, const CancelToken& cancel = {});

}  // namespace kiln::net
