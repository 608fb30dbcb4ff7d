#include "builders/qemu/qemu_process.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::qemu {

QemuProcess::QemuProcess(ProcessSpec spec) {
  spec.cancel = stop_.token();
  spec.kill_grace = std::chrono::milliseconds(2000);
  auto forward = std::move(spec.on_line);
  spec.on_line = [this, forward](std::string_view line, bool is_stderr) {
    {
      std::lock_guard lock(mutex_);
      last_lines_.emplace_back(line);
      if (last_lines_.size() > 10) last_lines_.pop_front();
    }
    if (forward) forward(line, is_stderr);
  };
  thread_ = std::thread([this, spec = std::move(spec)] {
    std::optional<ProcessResult> result;
    std::string failure;
    try {
      result = run_process(spec);
    } catch (const Cancelled&) {
    } catch (const std::exception& e) {
      failure = e.what();
    }
    std::lock_guard lock(mutex_);
    result_ = result;
    failure_ = failure;
    exited_ = true;
    exited_cv_.notify_all();
  });
}

bool QemuProcess::wait_exit(std::chrono::milliseconds timeout, const CancelToken& cancel) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (!exited_) {
    if (cancel.cancelled() || std::chrono::steady_clock::now() >= deadline) return false;
    exited_cv_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(100),
                                                                             deadline - std::chrono::steady_clock::now()));
  }
  return true;
}

bool QemuProcess::exited() {
  std::lock_guard lock(mutex_);
  return exited_;
}

void QemuProcess::kill() noexcept {
  stop_.cancel();
  if (thread_.joinable()) thread_.join();
}

std::string QemuProcess::exit_report() {
  std::lock_guard lock(mutex_);
  std::string status = !failure_.empty() ? failure_
                       : !result_      ? std::string("killed")
                       : result_->signaled ? fmt::format("killed by signal {}", result_->signal)
                                           : fmt::format("exit status {}", result_->exit_code);
  std::string lines;
  for (const auto& l : last_lines_) lines += "\n  " + l;
  return lines.empty() ? status : status + "; its last output:" + lines;
}

}  // namespace kiln::qemu
