// Reading what the Docker engine answers: JSON bodies, pull and push progress lines, and the
// multiplexed output of an exec.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace kiln::docker {

// The "message" of an error answer, or the body itself when it has none.
std::string engine_message(const std::string& body);

// One line of a pull or push progress stream: the first "error" is kept in `error`, each
// "status" goes to `on_status` (which may be empty). Lines that are not JSON objects are skipped.
void read_progress_line(const std::string& line, std::string& error,
                        const std::function<void(const std::string&)>& on_status);

// An exec's "ExitCode" from its inspect answer; -1 when there is none.
int exec_exit_code(const std::string& inspect_body);

// Splits an exec's output, framed as the engine sends it without a tty (8-byte headers: stream,
// 0, 0, 0, size big-endian), into stdout and stderr lines.
class ExecOutput {
 public:
  // `on_line(line, is_stderr)`
  explicit ExecOutput(std::function<void(std::string_view, bool)> on_line) : on_line_(std::move(on_line)) {}
  void add(const char* data, size_t n);
  // Passes on each stream's unterminated last line.
  void finish();

 private:
  void flush(int stream, bool all);

  std::function<void(std::string_view, bool)> on_line_;
  std::string frames_;
  std::string lines_[2];
};

}  // namespace kiln::docker
