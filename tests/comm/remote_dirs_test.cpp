#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "comm/ssh/remote_dirs.hpp"

using kiln::remote_dirs;
using Dirs = std::vector<std::string>;

TEST_CASE("remote_dirs: every directory mkdir -p creates, outermost first, never the root") {
  CHECK(remote_dirs("/tmp/a/b") == Dirs{"/tmp", "/tmp/a", "/tmp/a/b"});
  CHECK(remote_dirs("/tmp/a/b/") == Dirs{"/tmp", "/tmp/a", "/tmp/a/b"});
  CHECK(remote_dirs("rel//x") == Dirs{"rel", "rel/x"});
  CHECK(remote_dirs("/") == Dirs{});
  CHECK(remote_dirs("") == Dirs{});
}
