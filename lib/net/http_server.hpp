// The HTTP server behind Packer's http_directory (and http_content): it listens on a port of
// [port_min, port_max] at bind_address as Packer 1.6.6's StepHTTPServer does, and answers as Go's
// FileServer (file_server.hpp) from threads of its own until it is destroyed.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "kiln/cancel.hpp"

namespace kiln::net {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";  // http_bind_address
  int port_min = 8000;                   // http_port_min
  int port_max = 9000;                   // http_port_max
  std::string directory;                 // http_directory
  std::map<std::string, std::string> content;  // http_content ("/path" → text), used when not empty
};

class HttpServer {
 public:
  // Listens (net/port_range.hpp: Error when no port is free, Cancelled) and starts serving.
  HttpServer(HttpServerOptions options, const CancelToken& cancel);
  // Stops listening, ends the connections still open and joins every thread it started.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kiln::net
