// The running VM: qemu started on a thread of its own, watched until it exits or is killed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "util/process.hpp"

namespace kiln::qemu {

class QemuProcess {
 public:
  // Starts `spec` (its cancel token is replaced by the process's own). Output lines go to
  // spec.on_line and are remembered for error messages.
  explicit QemuProcess(ProcessSpec spec);
  QemuProcess(const QemuProcess&) = delete;
  QemuProcess& operator=(const QemuProcess&) = delete;
  ~QemuProcess() { kill(); }

  // Waits up to `timeout` for qemu to exit; false when it still runs (or `cancel` fired).
  bool wait_exit(std::chrono::milliseconds timeout, const CancelToken& cancel);
  // Kills qemu's process group (SIGTERM, SIGKILL after a grace period) and waits until it is gone.
  void kill() noexcept;
  bool exited();
  // How qemu ended, for messages: its exit status and its last output lines.
  std::string exit_report();

 private:
  CancelSource stop_;
  std::mutex mutex_;
  std::condition_variable exited_cv_;
  bool exited_ = false;
  std::optional<ProcessResult> result_;
  std::string failure_;               // run_process could not start it
  std::deque<std::string> last_lines_;
  std::thread thread_;
};

}  // namespace kiln::qemu
