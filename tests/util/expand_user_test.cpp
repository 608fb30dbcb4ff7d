#include <doctest/doctest.h>

#include "util/expand_user.hpp"

using namespace kiln;

TEST_CASE("a leading ~ is the run's HOME; anything else is left alone") {
  Environment env(std::map<std::string, std::string, std::less<>>{{"HOME", "/home/builder"}});
  CHECK(expand_user("~/.ssh/id", env) == "/home/builder/.ssh/id");
  CHECK(expand_user("~", env) == "/home/builder");
  CHECK(expand_user("/abs/~/x", env) == "/abs/~/x");
  CHECK(expand_user("rel/x", env) == "rel/x");
  CHECK(expand_user("", env) == "");
  Environment slash(std::map<std::string, std::string, std::less<>>{{"HOME", "/"}});
  CHECK(expand_user("~/k", slash) == "/k");
}

TEST_CASE("without HOME, the password database's home of the process's user") {
  std::string home = expand_user("~", Environment());
  CHECK_FALSE(home.empty());
  CHECK(home[0] == '/');
}
