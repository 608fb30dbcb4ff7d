#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/process.hpp"

using namespace kiln;
using namespace std::chrono_literals;

namespace {

const EnvironmentPtr kEnvironment = Environment::capture();

struct Captured {
  std::vector<std::string> out, err;
  EnvironmentPtr environment = kEnvironment;
  ProcessResult run(std::vector<std::string> argv, std::map<std::string, std::string> env = {}, CancelToken cancel = {}) {
    ProcessSpec spec;
    spec.environment = environment.get();
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

TEST_CASE("the child inherits the given snapshot, extended, not the live environment") {
  Captured c;
  auto vars = kEnvironment->vars();
  vars["KILN_PROCESS_INHERITED"] = "inherited";
  c.environment = std::make_shared<const Environment>(vars);
  setenv("KILN_PROCESS_LIVE", "live", 1);
  c.run({"sh", "-c", "echo $KILN_PROCESS_INHERITED-$KILN_EXTRA-[$KILN_PROCESS_LIVE]"}, {{"KILN_EXTRA", "extra"}});
  unsetenv("KILN_PROCESS_LIVE");
  CHECK(c.out == std::vector<std::string>{"inherited-extra-[]"});
}

TEST_CASE("argv[0] is found through the snapshot's PATH") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("kiln-proc-path-{}", getpid());
  fs::create_directories(dir);
  auto tool = write_temp_executable(*kEnvironment, "kiln-proc-tool-", "#!/bin/sh\necho found\n");
  fs::rename(tool, dir / "kiln-only-here");
  Captured c;
  c.environment = std::make_shared<const Environment>(
      std::map<std::string, std::string, std::less<>>{{"PATH", "/nonexistent:" + dir.string()}});
  CHECK(c.run({"kiln-only-here"}).exit_code == 0);
  CHECK(c.out == std::vector<std::string>{"found"});
  c.environment = kEnvironment;  // the live PATH does not have it
  CHECK_THROWS_WITH_AS(c.run({"kiln-only-here"}), doctest::Contains("cannot run kiln-only-here"), Error);
  fs::remove_all(dir);
}

TEST_CASE("a missing environment is an error, not the live one") {
  ProcessSpec spec;
  spec.argv = {"true"};
  CHECK_THROWS_WITH_AS(run_process(spec), doctest::Contains("no environment"), Error);
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

TEST_CASE("a host that ignores SIGCHLD never turns a failing child into success") {
  // SIGCHLD is ignored in a forked copy of the test, so the runner's own disposition stays untouched.
  enum : int { kError = 10, kExit3 = 11, kOther = 12 };
  pid_t host = fork();
  REQUIRE(host >= 0);
  if (host == 0) {
    signal(SIGCHLD, SIG_IGN);
    int outcome = kOther;
    try {
      Captured c;
      if (c.run({"sh", "-c", "exit 3"}).exit_code == 3) outcome = kExit3;
    } catch (const Error& e) {
      if (std::string_view(e.what()).find("exit status of sh") != std::string_view::npos) outcome = kError;
    }
    _exit(outcome);
  }
  int status = 0;
  REQUIRE(waitpid(host, &status, 0) == host);
  REQUIRE(WIFEXITED(status));
  // The kernel discards the status of auto-reaped children: an error naming the command, or the true code.
  CHECK((WEXITSTATUS(status) == kError || WEXITSTATUS(status) == kExit3));
}

TEST_CASE("large output arrives whole") {
  Captured c;
  c.run({"sh", "-c", "seq 1 100000"});
  REQUIRE(c.out.size() == 100000);
  CHECK(c.out.back() == "100000");
}

TEST_CASE("cancel terminates the whole process group and leaves nothing behind") {
  CancelSource cancel;
  pid_t child = 0;
  ProcessSpec spec;
  spec.environment = kEnvironment.get();
  // The background sleep would outlive a naive kill of only the shell.
  spec.argv = {"sh", "-c", "sleep 30 & echo $!; wait"};
  spec.cancel = cancel.token();
  spec.kill_grace = 500ms;
  spec.on_line = [&](std::string_view line, bool) {
    child = std::stoi(std::string(line));
    cancel.cancel();
  };
  CHECK_THROWS_AS(run_process(spec), Cancelled);
  REQUIRE(child > 0);
  // The grandchild is gone (or a zombie waiting for init to reap it: no longer running); the group's
  // SIGKILL may take a moment to land.
  std::string state;
  for (int i = 0; i < 200; ++i) {
    std::ifstream status("/proc/" + std::to_string(child) + "/status");
    state = "gone";
    for (std::string line; std::getline(status, line);)
      if (line.rfind("State:", 0) == 0) state = line;
    if (state == "gone" || state.find("Z (zombie)") != std::string::npos) break;
    std::this_thread::sleep_for(50ms);
  }
  CHECK((state == "gone" || state.find("Z (zombie)") != std::string::npos));
}

TEST_CASE("scripts written and run from many threads at once never find their file busy") {
  // Without care, a child spawned by one thread inherits another thread's open script and exec of
  // that script fails with ETXTBSY ("Text file busy", exit 126).
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&failures, t] {
      for (int i = 0; i < 40; ++i) {
        auto script = write_temp_executable(*kEnvironment, "kiln-proc-busy-", fmt::format("#!/bin/sh\necho {}-{}\n", t, i));
        Captured c;
        try {
          auto r = c.run({script.string()});  // the exec itself may fail (Error) or the shell may (126)
          if (r.exit_code != 0 || c.out != std::vector<std::string>{fmt::format("{}-{}", t, i)}) ++failures;
        } catch (const Error&) {
          ++failures;
        }
        std::filesystem::remove(script);
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
}

TEST_CASE("a temporary executable is private to its owner and holds its content") {
  auto script = write_temp_executable(*kEnvironment, "kiln-proc-mode-", "#!/bin/sh\necho hello\n");
  CHECK((std::filesystem::status(script).permissions() & std::filesystem::perms::all) == std::filesystem::perms::owner_all);
  Captured c;
  CHECK(c.run({script.string()}).exit_code == 0);
  CHECK(c.out == std::vector<std::string>{"hello"});
  std::filesystem::remove(script);
}

TEST_CASE("a child inherits only standard input, output and error") {
  int leaked = open("/dev/null", O_RDONLY);  // no O_CLOEXEC, as streams and libraries open files
  REQUIRE(leaked > 2);
  Captured c;
  c.run({"sh", "-c", "ls /proc/$$/fd"});
  close(leaked);
  CHECK(c.out == std::vector<std::string>{"0", "1", "2"});
}

TEST_CASE("an exception from the line callback kills and reaps the child") {
  pid_t child = 0;
  ProcessSpec spec;
  spec.environment = kEnvironment.get();
  spec.argv = {"sh", "-c", "echo $$; exec sleep 30"};
  spec.on_line = [&](std::string_view line, bool) {
    child = std::stoi(std::string(line));
    throw std::runtime_error("the host's callback failed");
  };
  CHECK_THROWS_WITH_AS(run_process(spec), "the host's callback failed", std::runtime_error);
  REQUIRE(child > 0);
  // Reaped: no process (not even a zombie) has that pid any more.
  CHECK(kill(child, 0) == -1);
  CHECK(errno == ESRCH);
}
