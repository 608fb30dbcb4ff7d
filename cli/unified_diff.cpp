#include "unified_diff.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kiln/environment.hpp"
#include "kiln/error.hpp"
#include "util/read_file.hpp"

namespace kiln::cli {
namespace {

namespace fs = std::filesystem;

// A private temporary file holding some text, removed when this goes.
class TempFile {
 public:
  TempFile(const Environment& env, std::string_view content)
      : path_((fs::path(env.temp_dir()) / "kiln-fmt-XXXXXX").string()) {
    int fd = ::mkstemp(path_.data());
    if (fd < 0) throw Error(fmt::format("cannot create a temporary file: {}", std::strerror(errno)));
    for (size_t done = 0; done < content.size();) {
      ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int error = errno;
        ::close(fd);
        ::unlink(path_.c_str());
        throw Error(fmt::format("cannot write {}: {}", path_, std::strerror(error)));
      }
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

void print_unified_diff(const std::string& before, const std::string& after, const std::string& path) {
  auto env = Environment::capture();
  TempFile old_file(*env, before), new_file(*env, after), output(*env, {});
  // diff's output goes to a file and is copied byte for byte: carriage returns of CRLF lines included.
  std::vector<std::string> argv = {"diff", "--label=old/" + path, "--label=new/" + path, "-u", old_file.path(),
                                   new_file.path()};
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> entries = env->entries();
  std::vector<char*> envp;
  for (std::string& e : entries) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.path().c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int error = posix_spawnp(&pid, "diff", &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw Error(fmt::format("cannot run diff: {}", std::strerror(error)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string shown = read_input_file(output.path(), "diff output");
  std::fwrite(shown.data(), 1, shown.size(), stdout);
}

}  // namespace kiln::cli
