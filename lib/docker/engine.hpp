// The Docker Engine HTTP API (v1.41) over its unix socket (or tcp://), with libcurl; no docker CLI.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"

namespace kiln::docker {

struct RegistryLogin {
  std::string server;  // empty: Docker Hub
  std::string username, password;
};

struct Response {
  long status = 0;
  std::string body;  // empty when the body was streamed to a callback
};

class Engine {
 public:
  // `host` as DOCKER_HOST spells it (unix:///path or tcp://host:port); empty:
  // unix:///var/run/docker.sock.
  explicit Engine(std::string host);
  // The engine DOCKER_HOST in `env` names, else the default socket.
  explicit Engine(const Environment& env) : Engine(env.value("DOCKER_HOST")) {}

  // One API call. `on_data` (optional) receives the response body as it arrives instead of
  // collecting it; `upload` (optional) is sent as the request body. Throws RemoteError naming
  // the socket when the engine cannot be reached.
  Response call(const std::string& method, const std::string& path, const std::string& json_body = {},
                const CancelToken& cancel = {}, const std::function<void(const char*, size_t)>& on_data = {},
                const std::string* upload = nullptr, const char* content_type = "application/json") const;
  // As call(), but throws RemoteError with the engine's message unless the status is 2xx.
  Response checked(const std::string& method, const std::string& path, const std::string& json_body = {},
                   const CancelToken& cancel = {}, const std::function<void(const char*, size_t)>& on_data = {},
                   const std::string* upload = nullptr, const char* content_type = "application/json") const;

  bool image_exists(const std::string& image) const;
  // Checks the credentials with the registry (as `docker login`) and sends them with every later
  // pull and push of this Engine. Nothing is stored on disk, so there is nothing to log out of.
  void login(const RegistryLogin& login, const CancelToken& cancel);
  void pull(const std::string& image, const CancelToken& cancel, const std::function<void(const std::string&)>& on_status) const;
  // Pushes "repository[:tag]" (tag "latest" when none) to its registry.
  void push(const std::string& image, const CancelToken& cancel, const std::function<void(const std::string&)>& on_status) const;
  // Runs `argv` in the container (no tty), streaming demultiplexed output lines; returns the exit code.
  int exec(const std::string& container, const std::vector<std::string>& argv, const std::string& user,
           const std::function<void(std::string_view, bool)>& on_line, const CancelToken& cancel) const;
  const std::string& host() const { return host_; }

 private:
  // A POST whose answer is a stream of JSON progress lines; the first "error" line throws.
  void progress_stream(const std::string& path, const std::string& what, const CancelToken& cancel,
                       const std::function<void(const std::string&)>& on_status) const;

  std::string registry_auth_;  // X-Registry-Auth value, once logged in
  std::string host_;
  std::string socket_;  // unix socket path, when host_ is unix://
  std::string base_;    // http://localhost/v1.41 or http://host:port/v1.41
};

// The string member `key` of a JSON response body ("Id" of a created container); throws
// RemoteError when the engine answered something else.
std::string response_string(const Response& r, const char* key);

// Percent-encodes a query parameter value.
std::string url_encode(const std::string& s);

}  // namespace kiln::docker
