// Every input of the bad-input catalogue (bad_inputs.hpp), through the library (Template::load and
// Session::prepare, as `kiln validate` does) and through the kiln CLI ($KILN_CLI): each must end in
// its error, naming its position, without crashing or hanging. Each case runs in a child process,
// so a crash is reported by case name; a child that has used 30 s of CPU time (or waited 10 minutes)
// is killed and reported as a hang (a hang detector only: no case fails for being slow).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "bad_inputs.hpp"
#include "../report.hpp"
#include "kiln/build.hpp"

using namespace kiln;
using kiln::test::BadInput;
using kiln::test::Feed;
using kiln::test::Node;
namespace fs = std::filesystem;

namespace {

// A hang is 30 s of the child's CPU time (a loop), or 10 minutes of waiting (blocked on a FIFO, say):
// CPU time, so that a slow case on a loaded machine is not taken for a hang.
constexpr auto kHangAfter = std::chrono::seconds(30);
constexpr auto kBlockedAfter = std::chrono::minutes(10);

// The CPU time child `pid` has used so far (utime + stime of /proc/PID/stat).
std::chrono::milliseconds cpu_time(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t after_name = stat.rfind(')');  // the command name may hold spaces
  if (after_name == std::string::npos) return {};
  std::istringstream fields(stat.substr(after_name + 2));
  std::string field;
  long long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)  // fields 14 and 15: utime, stime
    if (i >= 14) ticks += std::stoll(field);
  return std::chrono::milliseconds(ticks * 1000 / sysconf(_SC_CLK_TCK));
}

struct Outcome {
  bool finished = false;
  int status = 0;  // exit status, or 128 + signal
  std::string output;
};

// Collects what child `pid` writes into `out` until it closes it, killing it when it hangs.
Outcome collect(pid_t pid, int out) {
  Outcome o;
  auto blocked_deadline = std::chrono::steady_clock::now() + kBlockedAfter;
  char buf[65536];
  while (true) {
    if (std::chrono::steady_clock::now() > blocked_deadline || cpu_time(pid) > kHangAfter) break;
    pollfd p{out, POLLIN, 0};
    if (poll(&p, 1, 1000) == 0) continue;
    ssize_t n = read(out, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      o.finished = true;
      break;
    }
    o.output.append(buf, static_cast<size_t>(n));
  }
  close(out);
  if (!o.finished) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

// Runs `body` in a child process whose stdout and stderr are collected; `body` ends the child.
Outcome isolated(const std::function<void()>& body) {
  int out[2];
  REQUIRE(pipe(out) == 0);
  std::fflush(nullptr);  // or the child would repeat what this process still buffers
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    body();
    _exit(0);
  }
  close(out[1]);
  return collect(pid, out[0]);
}

// The files of one case in a scratch directory: t.json, and v.json for Feed::VarFile.
struct CaseFiles {
  fs::path dir;
  std::string template_path, var_path;

  CaseFiles(const BadInput& c, const fs::path& root) : dir(root / "case") {
    fs::remove_all(dir);
    fs::create_directories(dir);
    template_path = (dir / "t.json").string();
    var_path = (dir / "v.json").string();
    bool var_file = c.feed == Feed::VarFile;
    std::string subject = var_file ? var_path : template_path;
    if (var_file) write(template_path, "{\"variables\": {\"x\": \"\"}, \"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}]}");
    switch (c.node) {
      case Node::File: write(subject, c.text); break;
      case Node::Directory: fs::create_directories(subject); break;
      case Node::Fifo: REQUIRE(mkfifo(subject.c_str(), 0600) == 0); break;
      case Node::Missing: break;
    }
  }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
};

// What Template::load + Session::prepare throw for the case, printed by the child.
void library_child(const BadInput& c, const CaseFiles& f) {
  try {
    Template t = Template::load(f.template_path);
    BuildOptions options;
    if (c.feed == Feed::VarFile) options.variables.add_file(f.var_path);
    Session session(std::move(t), std::move(options));
    session.prepare();
    std::fputs("NO ERROR", stdout);
  } catch (const Error& e) {
    std::fputs(e.what(), stdout);
    std::fflush(stdout);
    _exit(1);
  } catch (const std::exception& e) {
    std::fprintf(stdout, "NOT A kiln::Error: %s", e.what());
  }
  std::fflush(stdout);
  _exit(2);
}

// Runs `kiln validate` on the case in its directory, stdout and stderr collected. Spawned rather
// than forked: a fork would copy the page tables of this process, which holds the whole catalogue.
Outcome kiln_validate(const BadInput& c, const CaseFiles& f) {
  std::vector<std::string> args = {std::getenv("KILN_CLI"), "validate"};
  args.insert(args.end(), c.flags.begin(), c.flags.end());
  if (c.feed == Feed::VarFile) args.push_back("-var-file=" + f.var_path);
  args.push_back(f.template_path);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  REQUIRE(pipe2(out, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, f.dir.c_str());
  pid_t pid = 0;
  int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (failed) close(out[0]);
  REQUIRE_MESSAGE(failed == 0, "cannot start ", argv[0], ": ", std::strerror(failed));
  return collect(pid, out[0]);
}

// Checks one outcome: finished, failed with status 1, error and position present. Returns whether
// all of them hold (for the reliability report's count of mishandled inputs).
bool check(const BadInput& c, const CaseFiles& f, const Outcome& o, const std::string& through) {
  INFO(through, ": ", c.name);
  INFO("output: ", o.output.substr(0, 2000));
  REQUIRE_MESSAGE(o.finished, "hang: no answer within ", kHangAfter.count(), " s of CPU time or ", kBlockedAfter.count(),
                  " minutes");
  bool failed_cleanly = o.status == 1;
  bool named = o.output.find(c.error) != std::string::npos;
  bool placed = c.at.empty() || o.output.find((f.dir / c.at).string()) != std::string::npos;
  CHECK_MESSAGE(failed_cleanly, "exit status ", o.status, o.status > 128 ? " (killed by a signal: a crash)" : "");
  CHECK_MESSAGE(named, "expected error: ", c.error);
  CHECK_MESSAGE(placed, "expected position: ", c.at);
  return failed_cleanly && named && placed;
}

// A scratch directory removed however the test case ends (a failed REQUIRE included).
struct ScratchRoot {
  fs::path path = fs::temp_directory_path() / fmt::format("kiln-bad-input-{}", getpid());
  ScratchRoot() { fs::create_directories(path); }
  ~ScratchRoot() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("the catalogue holds at least 100 bad inputs, each named once") {
  auto cases = kiln::test::bad_inputs();
  CHECK(cases.size() >= 100);
  std::set<std::string> names;
  for (const auto& c : cases) CHECK_MESSAGE(names.insert(c.name).second, "duplicate case name: ", c.name);
}

TEST_CASE("every bad template and var file is an error at its position from the library, never a crash or hang") {
  ScratchRoot root;
  long tried = 0, mishandled = 0;
  for (const BadInput& c : kiln::test::bad_inputs()) {
    if (c.feed == Feed::Flags) continue;
    CaseFiles files(c, root.path);
    ++tried;
    if (!check(c, files, isolated([&] { library_child(c, files); }), "library")) ++mishandled;
  }
  kiln::test::write_report("bad-inputs-library", {{"tried", tried}, {"mishandled", mishandled}});
}

TEST_CASE("every bad input is an error at its position from kiln validate, never a crash or hang") {
  REQUIRE_MESSAGE(std::getenv("KILN_CLI"), "KILN_CLI names the kiln binary under test");
  ScratchRoot root;
  long tried = 0, mishandled = 0;
  for (const BadInput& c : kiln::test::bad_inputs()) {
    CaseFiles files(c, root.path);
    ++tried;
    if (!check(c, files, kiln_validate(c, files), "kiln validate")) ++mishandled;
  }
  kiln::test::write_report("bad-inputs-cli", {{"tried", tried}, {"mishandled", mishandled}});
}
