#include "complete.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "flags.hpp"

namespace kiln::cli {
namespace {

// The options main itself takes, before any command.
const std::vector<std::string> kGlobalFlags = {"-help", "-version", "-machine-readable", "-autocomplete-install",
                                               "-autocomplete-uninstall"};

void print_matching(const std::vector<std::string>& candidates, const std::string& prefix) {
  for (const auto& c : candidates)
    if (c.compare(0, prefix.size(), prefix) == 0) std::printf("%s\n", c.c_str());
}

std::vector<std::string> flags_of(const std::string& command, const CommandRunner& run) {
  std::vector<std::string> names;
  try {
    run(command, {FlagSet::kListFlags});
  } catch (const FlagSet::FlagNames& listing) {
    for (const auto& name : listing.names) names.push_back("-" + name);
  } catch (const std::exception&) {
    // A command that fails before parsing its flags completes none; bash shows no candidates.
  }
  // main strips -machine-readable wherever it stands, so every command takes it.
  names.push_back("-machine-readable");
  return names;
}

std::filesystem::path bashrc() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    const passwd* user = getpwuid(getuid());
    home = user != nullptr ? user->pw_dir : "";
  }
  return std::filesystem::path(home) / ".bashrc";
}

std::string complete_line() {
  std::error_code ec;
  auto self = std::filesystem::canonical("/proc/self/exe", ec);
  return "complete -C " + (ec ? std::string("kiln") : self.string()) + " kiln";
}

bool has_line(const std::filesystem::path& file, const std::string& wanted) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (line == wanted) return true;
  return false;
}

}  // namespace

int answer_completion(const std::string& comp_line, const std::vector<std::string>& commands, const CommandRunner& run) {
  std::vector<std::string> words;
  std::istringstream in(comp_line);
  for (std::string w; in >> w;) words.push_back(w);
  // The word being completed: empty after a trailing space.
  std::string last = !comp_line.empty() && comp_line.back() != ' ' && !words.empty() ? words.back() : "";
  if (!last.empty()) words.pop_back();
  std::string command;
  for (size_t i = 1; i < words.size() && command.empty(); ++i)
    if (words[i][0] != '-') command = words[i];
  bool wants_flag = !last.empty() && last[0] == '-';
  if (command.empty()) print_matching(wants_flag ? kGlobalFlags : commands, last);
  else if (wants_flag) {
    for (const auto& known : commands)
      if (known == command) print_matching(flags_of(command, run), last);
  }
  return 0;
}

int autocomplete_install() {
  auto rc = bashrc();
  auto line = complete_line();
  if (!std::filesystem::exists(rc)) {
    std::fprintf(stderr, "kiln: no shell to install completion in: %s does not exist\n", rc.c_str());
    return 1;
  }
  if (has_line(rc, line)) {
    std::fprintf(stderr, "kiln: completion already installed in %s\n", rc.c_str());
    return 1;
  }
  std::ofstream out(rc, std::ios::app);
  out << "\n" << line << "\n";
  if (!out.flush()) {
    std::fprintf(stderr, "kiln: cannot write %s\n", rc.c_str());
    return 1;
  }
  return 0;
}

int autocomplete_uninstall() {
  auto rc = bashrc();
  auto line = complete_line();
  if (!has_line(rc, line)) {
    std::fprintf(stderr, "kiln: completion is not installed in %s\n", rc.c_str());
    return 1;
  }
  std::ifstream in(rc);
  std::string kept;
  for (std::string l; std::getline(in, l);)
    if (l != line) kept += l + "\n";
  in.close();
  std::ofstream out(rc, std::ios::trunc);
  out << kept;
  if (!out.flush()) {
    std::fprintf(stderr, "kiln: cannot write %s\n", rc.c_str());
    return 1;
  }
  return 0;
}

}  // namespace kiln::cli
