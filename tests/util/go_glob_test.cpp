#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "kiln/error.hpp"
#include "util/go_glob.hpp"

using namespace kiln;
namespace fs = std::filesystem;

namespace {
struct TempTree {
  std::string root;
  TempTree() {
    std::string pattern = (fs::temp_directory_path() / "kiln-glob-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    root = pattern;
    for (const char* dir : {"d", "d/sub"}) fs::create_directory(root + "/" + dir);
    for (const char* file : {"d/a.txt", "d/.hidden", "d/sub/b.txt"}) std::ofstream(root + "/" + file) << "x";
  }
  ~TempTree() { fs::remove_all(root); }
};
}  // namespace

TEST_CASE("go_glob matches as Go's filepath.Glob: leading dots, never . or .., in lexical order") {
  TempTree t;
  const std::string d = t.root + "/d";
  CHECK(go_glob(d + "/*") == std::vector<std::string>{d + "/.hidden", d + "/a.txt", d + "/sub"});
  CHECK(go_glob(d + "/.*") == std::vector<std::string>{d + "/.hidden"});
  CHECK(go_glob(d + "/*.*") == std::vector<std::string>{d + "/.hidden", d + "/a.txt"});
  CHECK(go_glob(d + "/*/b.txt") == std::vector<std::string>{d + "/sub/b.txt"});
  CHECK(go_glob(d + "/[ab].txt") == std::vector<std::string>{d + "/a.txt"});
  CHECK(go_glob(d + "/none-*").empty());
  // A pattern naming "." or ".." itself keeps it, as Go's Lstat of a pattern without wildcards does.
  CHECK(go_glob(d + "/sub/..") == std::vector<std::string>{d + "/sub/.."});
}

TEST_CASE("go_glob refuses what Go calls a bad pattern") {
  for (const char* bad : {"[", "a[", "[a", "[^]", "[]a]", "[a-]", "[-a]", "a\\", "[a\\"})
    CHECK_THROWS_WITH_AS(go_glob(bad), "syntax error in pattern", Error);
  for (const char* good : {"[a]", "[^a]", "[a-c]", "\\[", "[\\]]", "*?"}) CHECK_NOTHROW(go_glob(good));
}
