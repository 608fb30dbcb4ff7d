// The bad-input catalogue (tests/template/bad_inputs.hpp) through the C ABI, in the host's own
// process: kiln_template_load, kiln_template_parse and kiln_run_new (which prepares every build)
// return an error status, and kiln_last_error names the error and its position. A crash or an
// exception escaping the boundary would end this process.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "../template/bad_inputs.hpp"
#include "check.h"
#include "kiln.h"

using kiln::test::BadInput;
using kiln::test::Feed;
using kiln::test::Node;
namespace fs = std::filesystem;

namespace {

bool mentions(const char* text, const std::string& part) { return std::strstr(text, part.c_str()) != nullptr; }

// The status and message of loading (then preparing) the case's files through the C ABI.
int load_and_prepare(const std::string& template_path, const std::string& var_file) {
  kiln_template* t = nullptr;
  int status = kiln_template_load(&t, template_path.c_str());
  if (status != KILN_OK) return status;
  kiln_run_options options = KILN_RUN_OPTIONS_INIT;
  const char* files[] = {var_file.c_str()};
  if (!var_file.empty()) {
    options.var_files = files;
    options.var_file_count = 1;
  }
  kiln_run* run = nullptr;
  status = kiln_run_new(&run, t, &options);
  kiln_run_free(run);
  kiln_template_free(t);
  return status;
}

}  // namespace

int main() {
  fs::path dir = fs::temp_directory_path() / ("kiln-capi-bad-input-" + std::to_string(getpid()));
  int tried = 0;
  for (const BadInput& c : kiln::test::bad_inputs()) {
    if (c.feed == Feed::Flags) continue;
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string template_path = (dir / "t.json").string(), var_path;
    std::string subject = template_path;
    if (c.feed == Feed::VarFile) {
      var_path = subject = (dir / "v.json").string();
      std::ofstream(template_path) << R"({"variables": {"x": ""}, "builders": [{"type": "null", "communicator": "none"}]})";
    }
    if (c.node == Node::File) std::ofstream(subject, std::ios::binary) << c.text;
    if (c.node == Node::Directory) fs::create_directories(subject);
    if (c.node == Node::Fifo) mkfifo(subject.c_str(), 0600);
    ++tried;
    int status = load_and_prepare(template_path, var_path);
    const char* message = kiln_last_error()->message;
    if (status == KILN_OK || !mentions(message, c.error) || (!c.at.empty() && !mentions(message, (dir / c.at).string()))) {
      ++failures;
      std::fprintf(stderr, "FAIL %s: status %d, expected \"%s\" at %s, got: %.500s\n", c.name.c_str(), status, c.error.c_str(),
                   c.at.c_str(), message);
    }
    // The same text through kiln_template_parse, when it is a template a C string can hold.
    if (c.feed == Feed::Template && c.node == Node::File && c.text.find('\0') == std::string::npos) {
      kiln_template* t = nullptr;
      if (kiln_template_parse(&t, c.text.c_str(), "t.json") == KILN_OK) {
        CHECK(t != nullptr);
        kiln_template_free(t);  // a configuration error: only preparing finds it
      } else {
        CHECK(t == nullptr);
        CHECK(mentions(kiln_last_error()->message, c.error));
      }
    }
  }
  fs::remove_all(dir);
  std::printf("%d bad inputs through the C ABI, %d failures\n", tried, failures);
  return tried >= 100 && failures == 0 ? 0 : 1;
}
