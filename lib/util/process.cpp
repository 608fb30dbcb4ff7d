#include "util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <shared_mutex>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/fd.hpp"


namespace kiln {
namespace {

// Scripts that kiln writes and then runs are open for writing only while this is held shared, and
// spawning holds it exclusively. Otherwise a child spawned by another build's thread could hold the
// script's write descriptor while the script is executed, and exec would fail with ETXTBSY.
std::shared_mutex& spawn_lock() {
  static std::shared_mutex lock;
  return lock;
}

class Pipe {
 public:
  Pipe() {
    if (pipe2(fds_, O_CLOEXEC) != 0) throw Error(fmt::format("pipe: {}", std::strerror(errno)));
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close_fd(fds_[0]); }
  void close_write() { close_fd(fds_[1]); }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

// Splits a byte stream into lines for the callback.
struct LineBuffer {
  std::string pending;
  void feed(std::string_view data, bool is_stderr, const ProcessSpec& spec) {
    pending.append(data);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (spec.on_line) spec.on_line(line, is_stderr);
    }
    pending.erase(0, start);
  }
  void flush(bool is_stderr, const ProcessSpec& spec) {
    if (!pending.empty() && spec.on_line) spec.on_line(pending, is_stderr);
    pending.clear();
  }
};

// Kills and reaps the child's process group unless the child was waited for: an exception leaving
// run_process (a throwing line callback, out of memory) must leave neither a running child nor a zombie.
struct ChildGuard {
  pid_t pid;
  bool reaped = false;
  ~ChildGuard() {
    if (reaped) return;
    kill(-pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
};

}  // namespace

// argv[0] as posix_spawnp would find it, but through the snapshot's PATH: posix_spawnp reads the
// live environment. Unset PATH searches glibc's default; a name with a slash is used as it is.
std::string find_executable(const std::string& name, const Environment& env) {
  if (name.find('/') != std::string::npos) return name;
  std::string path = env.get("PATH").value_or("/bin:/usr/bin");
  size_t start = 0;
  while (true) {
    size_t colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return {};
}

ProcessResult run_process(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw Error("run_process: empty argv", ErrorCode::Invalid);
  if (!spec.environment) throw Error("run_process: no environment given", ErrorCode::Invalid);
  std::string executable = find_executable(spec.argv[0], *spec.environment);
  if (executable.empty())
    throw Error(fmt::format("cannot run {}: {} (searched PATH {})", spec.argv[0], std::strerror(ENOENT),
                            spec.environment->value("PATH")));
  Pipe out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write_end(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end(), STDERR_FILENO);
  // Descriptors other threads opened without O_CLOEXEC (streams, sockets) stay out of the child.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Own process group (so cancel reaches grandchildren), default signal dispositions and mask.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = spec.environment->entries(spec.env);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc;
  {
    std::unique_lock no_script_open_for_writing(spawn_lock());
    rc = posix_spawn(&pid, executable.c_str(), &actions, &attr, argv.data(), envp.data());
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw Error(fmt::format("cannot run {}: {}", spec.argv[0], std::strerror(rc)));
  ChildGuard child{pid};
  out.close_write();
  err.close_write();

  LineBuffer out_lines, err_lines;
  bool out_open = true, err_open = true;
  bool cancelling = false;
  auto term_sent = std::chrono::steady_clock::now();
  char buf[65536];
  while (out_open || err_open) {
    if (!cancelling && spec.cancel.cancelled()) {
      cancelling = true;
      term_sent = std::chrono::steady_clock::now();
      kill(-pid, SIGTERM);
    }
    if (cancelling && std::chrono::steady_clock::now() - term_sent > spec.kill_grace) kill(-pid, SIGKILL);
    pollfd fds[2] = {{out_open ? out.read_end() : -1, POLLIN, 0}, {err_open ? err.read_end() : -1, POLLIN, 0}};
    int n = poll(fds, 2, 100);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        (i == 0 ? out_lines : err_lines).feed(std::string_view(buf, static_cast<size_t>(got)), i == 1, spec);
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        (i == 0 ? out_open : err_open) = false;
      }
    }
    // A daemonised grandchild may keep the pipes open after the child exits; stop when the child is gone.
    if (cancelling) {
      int status;
      pid_t gone = waitpid(pid, &status, WNOHANG);
      if (gone == pid || (gone < 0 && errno == ECHILD)) {
        kill(-pid, SIGKILL);
        child.reaped = true;
        out_lines.flush(false, spec);
        err_lines.flush(true, spec);
        throw Cancelled();
      }
    }
  }
  out_lines.flush(false, spec);
  err_lines.flush(true, spec);
  int status = 0;
  pid_t waited;
  while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  child.reaped = true;
  if (cancelling || spec.cancel.cancelled()) throw Cancelled();
  // ECHILD: the host ignores SIGCHLD (the kernel then discards the status; a pidfd does not keep it either)
  // or reaped the child itself. The exit status is lost, so success cannot be assumed.
  if (waited < 0)
    throw Error(fmt::format("cannot get the exit status of {}: {} (does the host process ignore SIGCHLD or reap "
                            "child processes itself?)",
                            spec.argv[0], std::strerror(errno)));
  ProcessResult result;
  if (WIFSIGNALED(status)) {
    result.signaled = true;
    result.signal = WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

std::filesystem::path write_temp_executable(const Environment& env, std::string_view name_prefix,
                                            std::string_view content) {
  std::string path = (std::filesystem::path(env.temp_dir()) / name_prefix).string() + "XXXXXX";
  std::shared_lock no_spawn_meanwhile(spawn_lock());
  Fd script(mkostemp(path.data(), O_CLOEXEC));
  if (script.fd < 0) throw Error(fmt::format("cannot create a temporary script: {}", std::strerror(errno)));
  if (int err = write_all(script.fd, content)) {
    unlink(path.c_str());
    throw Error(fmt::format("cannot write the temporary script {}: {}", path, std::strerror(err)));
  }
  fchmod(script.fd, S_IRWXU);
  return path;
}

}  // namespace kiln
