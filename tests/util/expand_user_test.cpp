#include <doctest/doctest.h>
#include <pwd.h>
#include <unistd.h>

#include "util/expand_user.hpp"

using namespace kiln;

namespace {
std::string passwd_home() {
  passwd* entry = getpwuid(getuid());
  REQUIRE(entry);
  return entry->pw_dir;
}
}  // namespace

TEST_CASE("a leading ~ is the user's home from the password database, as Packer 1.6.6 reads it (not HOME)") {
  Environment env(std::map<std::string, std::string, std::less<>>{{"HOME", "/elsewhere"}});
  std::string home = passwd_home();
  std::string sep = home.back() == '/' ? "" : "/";
  CHECK(expand_user("~/.ssh/id", env) == home + sep + ".ssh/id");
  CHECK(expand_user("~", env) == home);
  CHECK(expand_user("/abs/~/x", env) == "/abs/~/x");
  CHECK(expand_user("rel/x", env) == "rel/x");
  CHECK(expand_user("", env) == "");
}
