#include <doctest/doctest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "kiln/error.hpp"
#include "util/process.hpp"

using namespace kiln;
using namespace std::chrono_literals;

namespace {

struct Captured {
  std::vector<std::string> out, err;
  ProcessResult run(std::vector<std::string> argv, std::map<std::string, std::string> env = {}, CancelToken cancel = {}) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.env = std::move(env);
    spec.cancel = cancel;
    spec.kill_grace = 500ms;
    spec.on_line = [this](std::string_view line, bool is_err) { (is_err ? err : out).emplace_back(line); };
    return run_process(spec);
  }
};

}  // namespace

TEST_CASE("exit status and output lines per stream, in order") {
  Captured c;
  auto r = c.run({"sh", "-c", "echo one; echo two >&2; echo three; printf partial; exit 7"});
  CHECK(r.exit_code == 7);
  CHECK_FALSE(r.signaled);
  CHECK(c.out == std::vector<std::string>{"one", "three", "partial"});
  CHECK(c.err == std::vector<std::string>{"two"});
}

TEST_CASE("environment is inherited and extended") {
  Captured c;
  setenv("KILN_PROCESS_INHERITED", "inherited", 1);
  c.run({"sh", "-c", "echo $KILN_PROCESS_INHERITED-$KILN_EXTRA"}, {{"KILN_EXTRA", "extra"}});
  CHECK(c.out == std::vector<std::string>{"inherited-extra"});
}

TEST_CASE("a process killed by a signal says so") {
  Captured c;
  auto r = c.run({"sh", "-c", "kill -9 $$"});
  CHECK(r.signaled);
  CHECK(r.signal == SIGKILL);
}

TEST_CASE("a missing program is an error") {
  Captured c;
  CHECK_THROWS_AS(c.run({"/nonexistent/program"}), Error);
}

TEST_CASE("large output arrives whole") {
  Captured c;
  c.run({"sh", "-c", "seq 1 100000"});
  REQUIRE(c.out.size() == 100000);
  CHECK(c.out.back() == "100000");
}

TEST_CASE("cancel terminates the whole process group and leaves nothing behind") {
  auto marker = std::filesystem::temp_directory_path() / ("kiln-proc-" + std::to_string(getpid()));
  CancelSource cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    cancel.cancel();
  });
  Captured c;
  // The background sleep would outlive a naive kill of only the shell.
  CHECK_THROWS_AS(c.run({"sh", "-c", "sleep 30 & echo $! > " + marker.string() + "; wait"}, {}, cancel.token()), Cancelled);
  canceller.join();
  std::ifstream in(marker);
  pid_t child = 0;
  in >> child;
  REQUIRE(child > 0);
  std::this_thread::sleep_for(100ms);
  // The grandchild is gone (or a zombie waiting for init to reap it: no longer running).
  std::ifstream status("/proc/" + std::to_string(child) + "/status");
  std::string line, state = "gone";
  while (std::getline(status, line))
    if (line.rfind("State:", 0) == 0) state = line;
  CHECK((state == "gone" || state.find("Z (zombie)") != std::string::npos));
  std::filesystem::remove(marker);
}
