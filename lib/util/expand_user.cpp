#include "util/expand_user.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace kiln {
namespace {

// Packer 1.6.6 asks the password database (Go's user.Current), not HOME; HOME only when that fails.
std::string home_directory(const Environment& env) {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_dir)
    return found->pw_dir;
  return env.value("HOME");
}

}  // namespace

std::string expand_user(const std::string& path, const Environment& env) {
  if (path.empty() || path[0] != '~') return path;
  std::string home = home_directory(env);
  if (home.empty()) return path;
  // Packer joins the home with what follows the "~" (filepath.Join): "~/k" and "~k" both land in it.
  std::string rest = path.substr(1);
  while (!rest.empty() && rest[0] == '/') rest.erase(0, 1);
  if (rest.empty()) return home;
  return home.back() == '/' ? home + rest : home + "/" + rest;
}

}  // namespace kiln
