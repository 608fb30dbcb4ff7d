#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "kiln/error.hpp"
#include "util/read_file.hpp"

using namespace kiln;
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("kiln-read-file-" + std::to_string(getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
};

std::string error_of(const std::string& path) {
  try {
    read_input_file(path, "template");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::NotFound);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a regular file is read whole, NUL bytes included") {
  Scratch s;
  std::string data("a\0b", 3);
  std::ofstream(s.dir / "t.json", std::ios::binary) << data;
  CHECK(read_input_file((s.dir / "t.json").string(), "template") == data);
}

TEST_CASE("missing files and directories name what and where") {
  Scratch s;
  CHECK(error_of((s.dir / "none.json").string()) == "cannot read template " + (s.dir / "none.json").string() + ": No such file or directory");
  CHECK(error_of(s.dir.string()) == "cannot read template " + s.dir.string() + ": Is a directory");
}

TEST_CASE("a FIFO nobody writes to reads as empty instead of blocking; one with a writer is read to its end") {
  Scratch s;
  std::string fifo = (s.dir / "fifo.json").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(read_input_file(fifo, "template").empty());
  // A shell's <(…) is a pipe whose writer is already there: its data is waited for.
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::thread writer([&] {
    std::string chunk(100000, 'x');
    CHECK(write(fds[1], chunk.data(), chunk.size()) == static_cast<ssize_t>(chunk.size()));
    close(fds[1]);
  });
  CHECK(read_input_file("/dev/fd/" + std::to_string(fds[0]), "template").size() == 100000);
  writer.join();
  close(fds[0]);
}
