// Child processes: argv spawning (never through a shell unless asked), line-streamed output,
// cancellation that takes down the whole process group.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"

namespace kiln {

struct ProcessSpec {
  std::vector<std::string> argv;               // argv[0] is looked up in `environment`'s PATH
  // What the child inherits: the run's snapshot, never the live process environment. Required.
  const Environment* environment = nullptr;
  std::map<std::string, std::string> env;      // added to (or replacing in) `environment`
  std::filesystem::path cwd;                   // empty: inherit
  // Receives each output line without its newline; a last partial line is delivered too.
  std::function<void(std::string_view line, bool is_stderr)> on_line;
  CancelToken cancel;
  std::chrono::milliseconds kill_grace{3000};  // SIGTERM → SIGKILL delay on cancel
};

struct ProcessResult {
  int exit_code = -1;   // valid when !signaled
  bool signaled = false;
  int signal = 0;
};

// `name` as posix_spawnp would find it, but through `env`'s PATH (unset: glibc's default); a name
// with a slash is returned as it is, one not found as "".
std::string find_executable(const std::string& name, const Environment& env);

// Runs the process to completion. On cancel: SIGTERM to its process group, SIGKILL after the
// grace period, reaps it, then throws kiln::Cancelled. Throws kiln::Error when it cannot start
// (also when spec.environment is missing).
ProcessResult run_process(const ProcessSpec& spec);

// Creates <env's temp dir>/<name_prefix>XXXXXX with mode 0700 and the content, for run_process to
// execute. Written this way, no child that another thread spawns meanwhile can keep it busy (ETXTBSY).
std::filesystem::path write_temp_executable(const Environment& env, std::string_view name_prefix,
                                            std::string_view content);

}  // namespace kiln
