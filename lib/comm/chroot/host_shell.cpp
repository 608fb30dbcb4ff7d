#include "comm/chroot/host_shell.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/process.hpp"

namespace kiln::chroot {

int HostShell::run(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) const {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", wrap ? wrap(command) : command};
  spec.environment = environment;
  spec.on_line = on_output;
  spec.cancel = cancel;
  ProcessResult result = run_process(spec);
  if (result.signaled) throw CommError(fmt::format("'{}' was killed by signal {}", spec.argv[2], result.signal));
  return result.exit_code;
}

void HostShell::check(const std::string& command, const std::string& what, const CancelToken& cancel) const {
  std::string stderr_text;
  int status = run(command, [&](std::string_view line, bool is_stderr) {
    if (is_stderr) stderr_text.append(line).append("\n");
  }, cancel);
  if (status != 0)
    throw Error(fmt::format("{}: exit status {}\nStderr: {}", what, status, stderr_text), ErrorCode::Build);
}

}  // namespace kiln::chroot
