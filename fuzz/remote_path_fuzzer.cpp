// Remote paths as the SSH communicator hands them to the remote side: the directories SFTP
// creates for an upload (`mkdir -p`), and the single-quoted words the SCP mode's shell commands
// are built from, read back as POSIX sh reads them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "comm/ssh/remote_dirs.hpp"
#include "expect.hpp"
#include "util/shell_quote.hpp"

namespace {

// Reads `word` as POSIX sh reads one word made of quoted strings; false when it is not such a
// word (an unbalanced quote, something unquoted, or an expansion inside double quotes).
bool sh_unquote(const std::string& word, std::string& out) {
  out.clear();
  for (size_t i = 0; i < word.size();) {
    char c = word[i++];
    if (c == '\'') {
      size_t end = word.find('\'', i);
      if (end == std::string::npos) return false;
      out.append(word, i, end - i);
      i = end + 1;
    } else if (c == '"') {
      for (;;) {
        if (i == word.size()) return false;
        char d = word[i++];
        if (d == '"') break;
        if (d == '$' || d == '`' || d == '\\') return false;
        out += d;
      }
    } else {
      return false;
    }
  }
  return true;
}

// `path` with each run of '/' written once.
std::string single_slashes(const std::string& path) {
  std::string out;
  for (char c : path)
    if (c != '/' || !out.ends_with('/')) out += c;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string remote(reinterpret_cast<const char*>(data), size);

  std::vector<std::string> dirs = kiln::remote_dirs(remote);
  std::string path = single_slashes(remote);
  for (size_t i = 0; i < dirs.size(); ++i) {
    expect(!dirs[i].empty() && dirs[i] != "/", "no empty directory and never the root");
    expect(path.starts_with(dirs[i]), "each directory is a leading part of the path");
    if (i) expect(dirs[i].starts_with(dirs[i - 1]) && dirs[i].size() > dirs[i - 1].size(), "outermost first");
  }

  std::string back;
  expect(sh_unquote(kiln::shell_quote(remote), back) && back == remote, "shell_quote reads back as the same word");
  return 0;
}
