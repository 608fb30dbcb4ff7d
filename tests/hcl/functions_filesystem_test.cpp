// The filesystem functions, on a scratch folder that acts as the template's folder.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "functions_support.hpp"

namespace kiln::hcl::test {

namespace {

struct ScratchFolder {
  std::string path;
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kiln-hcl-fs-XXXXXX").string();
    path = mkdtemp(pattern.data());
    write("hello.txt", "Hello World");
    write("binary.bin", std::string("\xff\xfe", 2));
    write("sub/a.txt", "a");
    write("sub/b.sh", "b");
    write("sub/deep/c.txt", "c");
    write("greeting.tpl", "Hello ${name}!\n%{ for i in items ~}\n- ${i}\n%{ endfor ~}\n");
    write("noeol.tpl", "${upper(name)}");
    write("escapes.tpl", "$${literal} \\n %%{x}");
    write("recursive.tpl", "${templatefile(\"noeol.tpl\", {name = \"x\"})}");
    write("broken.tpl", "line one\n${nope}\n");
  }
  ~ScratchFolder() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& content) const {
    std::filesystem::create_directories(std::filesystem::path(path + "/" + name).parent_path());
    std::ofstream(path + "/" + name, std::ios::binary) << content;
  }
};

}  // namespace

TEST_CASE("file, filebase64, fileexists") {
  ScratchFolder folder;
  FunctionTable functions = packer_functions(folder.path);
  check_cases(
      {
          {R"(file("hello.txt"))", R"("Hello World")"},
          {R"(file("sub/a.txt"))", R"("a")"},
          {R"(file("nope.txt"))", "error: no file exists at " + folder.path + "/nope.txt"},
          {R"(file("binary.bin"))", "error: are not valid UTF-8"},
          {R"(filebase64("binary.bin"))", R"("//4=")"},
          {R"(fileexists("hello.txt"))", "true"},
          {R"(fileexists("nope.txt"))", "false"},
          {R"(fileexists("sub"))", "error: is a directory, not a file"},
          {"fileexists(\"" + folder.path + "/hello.txt\")", "true"},
          {R"(file("/dev/null"))", R"("")"},
      },
      functions);
  // A FIFO nobody writes to reads as empty rather than waiting for a writer forever.
  REQUIRE(mkfifo((folder.path + "/fifo").c_str(), 0600) == 0);
  check_cases({{R"(file("fifo"))", R"("")"}}, functions);
}

TEST_CASE("fileset") {
  ScratchFolder folder;
  FunctionTable functions = packer_functions(folder.path);
  check_cases(
      {
          {R"(fileset(".", "*.txt"))", R"(set["hello.txt"])"},
          {R"(fileset(".", "**/*.txt"))", R"(set["hello.txt", "sub/a.txt", "sub/deep/c.txt"])"},
          {R"(fileset(".", "sub/*"))", R"(set["sub/a.txt", "sub/b.sh"])"},
          {R"(fileset("sub", "*.{txt,sh}"))", R"(set["a.txt", "b.sh"])"},
          {R"(fileset(".", "sub/?.txt"))", R"(set["sub/a.txt"])"},
          {R"(fileset(".", "sub/[ab].*"))", R"(set["sub/a.txt", "sub/b.sh"])"},
          {R"(fileset(".", "sub/[!a].*"))", R"(set["sub/b.sh"])"},
          {R"(fileset(".", "*.nothing"))", "set[]"},
          {R"(fileset("nope", "*"))", "set[]"},
          {R"(fileset(".", "[a"))", "error: syntax error in pattern"},
          {R"(fileset(".", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"))",
           "error: too many {…} alternatives in pattern"},
      },
      functions);
}

TEST_CASE("templatefile") {
  ScratchFolder folder;
  FunctionTable functions = packer_functions(folder.path);
  check_cases(
      {
          {R"(templatefile("greeting.tpl", {name = "x", items = ["a", "b"]}))", R"("Hello x!\n- a\n- b\n")"},
          {R"(templatefile("noeol.tpl", {name = "x"}))", R"("X")"},
          {R"(templatefile("escapes.tpl", {}))", R"("${literal} \\n %{x}")"},
          {R"(templatefile("recursive.tpl", {}))", "error: cannot recursively call templatefile"},
          {R"(templatefile("broken.tpl", {}))", "error: " + folder.path + "/broken.tpl:2,"},
          {R"(templatefile("noeol.tpl", {"1x" = 1}))", "error: invalid template variable name"},
          {R"(templatefile("nope.tpl", {}))", "error: no file exists at"},
      },
      functions);
}

TEST_CASE("abspath, basename, dirname, pathexpand") {
  const char* home = std::getenv("HOME");
  std::string cwd = std::filesystem::current_path().string();
  check_cases({
      {R"(abspath("/a/../b/./c/"))", R"("/b/c")"},
      {R"(abspath("x/y"))", "\"" + cwd + "/x/y\""},
      {R"(basename("foo/bar/baz.txt"))", R"("baz.txt")"},
      {R"(basename("foo/bar/"))", R"("bar")"},
      {R"(basename("/"))", R"("/")"},
      {R"(basename(""))", R"(".")"},
      {R"(dirname("foo/bar/baz.txt"))", R"("foo/bar")"},
      {R"(dirname("baz.txt"))", R"(".")"},
      {R"(dirname("/foo"))", R"("/")"},
      {R"(pathexpand("/etc/hosts"))", R"("/etc/hosts")"},
      {R"(pathexpand("~/x"))", home ? "\"" + std::string(home) + "/x\"" : "error: "},
      {R"(pathexpand("~other/x"))", "error: cannot expand user-specific home dir"},
  });
}

TEST_CASE("functions that need network services are errors until kiln has them") {
  check_cases({
      {R"(vault("secret/x", "key"))", "error: the vault function is not supported by kiln yet"},
      {R"(consul_key("k"))", "error: the consul_key function is not supported by kiln yet"},
      {R"(aws_secretsmanager("n", "k"))", "error: the aws_secretsmanager function is not supported by kiln yet"},
  });
}

}  // namespace kiln::hcl::test
