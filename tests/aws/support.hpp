// Test helpers: run a program and capture its output; own a background process by PID.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiln/environment.hpp"

namespace kiln::test {

struct RunResult {
  int status = -1;  // exit status, or -1 when killed by a signal
  std::string out;  // stdout
};

// Runs argv (argv[0] searched in PATH) and captures stdout; stderr goes to the test log.
RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

// A child process started in its own process group, stopped (SIGTERM, then SIGKILL) by PID
// when destroyed.
class Child {
 public:
  Child() = default;
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {},
        const std::string& log_path = "/dev/null");
  Child(Child&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
  Child& operator=(Child&& other) noexcept;
  ~Child() { stop(); }
  void stop() noexcept;

 private:
  pid_t pid_ = -1;
};

// The port a server started by the test writes to `path`, with a newline, once it listens: servers bind
// a port the system picks themselves, so no other process can take it in between. Polls until then
// or `timeout` passes (0).
int port_from(const std::string& path, std::chrono::milliseconds timeout);
// A port on 127.0.0.1 that refuses connections while this lives: bound but not listening, so no other
// process can take it.
class ClosedPort {
 public:
  ClosedPort();
  ~ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};
// An environment snapshot holding `vars` only.
inline Environment env_of(const std::map<std::string, std::string>& vars) {
  return Environment(std::map<std::string, std::string, std::less<>>(vars.begin(), vars.end()));
}
// The project root (tests run with workdir tests/, see tests/meson.build).
std::string source_root();
// A fresh directory under /tmp removed recursively by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace kiln::test
