// Host command lines as Packer's chroot builders run them: `/bin/sh -c LINE`, after the template's
// command_wrapper has wrapped LINE.
#pragma once

#include <functional>
#include <string>

#include "kiln/cancel.hpp"
#include "kiln/communicator.hpp"
#include "kiln/environment.hpp"

namespace kiln::chroot {

// Renders command_wrapper around a command line ({{.Command}}); the identity when none is set.
using CommandWrapper = std::function<std::string(const std::string& command)>;

struct HostShell {
  CommandWrapper wrap;
  const Environment* environment = nullptr;  // the run's snapshot, which the commands inherit

  // Runs wrap(command), streaming its output; returns the exit status. Throws Cancelled on cancel,
  // CommError when a signal killed it.
  int run(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) const;
  // The same, throwing kiln::Error "<what>: …" with the command's stderr when it exits non-zero.
  void check(const std::string& command, const std::string& what, const CancelToken& cancel) const;
};

}  // namespace kiln::chroot
