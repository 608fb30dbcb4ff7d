// A -var-file as `kiln build -var-file` reads it: JSON (through the file, as the CLI passes it)
// applied over a template's variables, and the same text as an HCL2 .pkrvars.hcl file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hcl/diagnostics.hpp"
#include "kiln/template.hpp"
#include "template/hcl2/hcl2.hpp"

namespace {

const char* kTemplate = R"({
  "variables": {"region": "us-east-1", "name": "{{user `region`}}-x", "secret": null},
  "sensitive-variables": ["secret"],
  "builders": [{"type": "null", "communicator": "none"}]
})";

// The var file lives in memory (memfd) so that nothing is left behind, whatever happens.
class MemoryFile {
 public:
  MemoryFile() : fd_(memfd_create("kiln-fuzz-varfile", 0)), path_("/proc/self/fd/" + std::to_string(fd_)) {
    if (fd_ < 0) std::abort();
  }
  void write(std::string_view text) const {
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) std::abort();
  }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const kiln::Template tmpl = kiln::Template::parse(kTemplate, "vars.json");
  static const MemoryFile file;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  file.write(text);
  kiln::VariableInput input;
  input.add_file(file.path());
  input.add_var("secret", "s3cr3t");
  try {
    kiln::resolve_variables(tmpl, input, nullptr);
  } catch (const kiln::Error&) {
  }
  for (const char* name : {"fuzz.pkrvars.hcl", "fuzz.pkrvars.json"}) {
    kiln::hcl::Diagnostics diagnostics;
    try {
      kiln::hcl2::parse_var_file(name, text, diagnostics);
    } catch (const kiln::Error&) {
    }
  }
  return 0;
}
