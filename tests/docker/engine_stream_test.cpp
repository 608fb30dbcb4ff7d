#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "docker/engine_stream.hpp"

using namespace kiln::docker;

namespace {

std::string frame(char stream, const std::string& payload) {
  std::string header{stream, 0, 0, 0, 0, 0, 0, static_cast<char>(payload.size())};
  return header + payload;
}

}  // namespace

TEST_CASE("exec output: frames become stdout and stderr lines however the bytes arrive") {
  std::string bytes = frame(1, "hello\nwor") + frame(2, "oops\n") + frame(1, "ld\nlast");
  for (size_t split = 0; split <= bytes.size(); ++split) {
    std::vector<std::string> got;
    ExecOutput out([&](std::string_view line, bool is_stderr) { got.push_back((is_stderr ? "2:" : "1:") + std::string(line)); });
    out.add(bytes.data(), split);
    out.add(bytes.data() + split, bytes.size() - split);
    out.finish();
    CHECK(got == std::vector<std::string>{"1:hello", "2:oops", "1:world", "1:last"});
  }
}

TEST_CASE("exec output: a frame announced longer than what arrived is not read") {
  std::vector<std::string> got;
  ExecOutput out([&](std::string_view line, bool) { got.emplace_back(line); });
  std::string truncated = frame(1, "complete\n") + std::string{1, 0, 0, 0, 0x7f, 0, 0, 0} + "short";
  out.add(truncated.data(), truncated.size());
  out.finish();
  CHECK(got == std::vector<std::string>{"complete"});
}

TEST_CASE("progress lines: the first error is kept, statuses are passed on, other lines skipped") {
  std::string error;
  std::vector<std::string> statuses;
  auto status = [&](const std::string& s) { statuses.push_back(s); };
  for (const char* line : {R"({"status":"Pulling"})", "not json", "[1]", R"({"error":"manifest unknown"})",
                           R"({"error":"later"})", R"({"status":7})"})
    read_progress_line(line, error, status);
  CHECK(error == "manifest unknown");
  CHECK(statuses == std::vector<std::string>{"Pulling"});
}

TEST_CASE("engine answers: message, exit code") {
  CHECK(engine_message(R"({"message":"No such container: x"})") == "No such container: x");
  CHECK(engine_message("plain text") == "plain text");
  CHECK(exec_exit_code(R"({"ExitCode":3})") == 3);
  CHECK(exec_exit_code(R"({"ExitCode":"3"})") == -1);
  CHECK(exec_exit_code("{") == -1);
}
