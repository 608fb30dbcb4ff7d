// kiln — build machine images from Packer templates. Commands: build, console, fix, fmt, validate,
// inspect, hcl2_upgrade, version; bash completion (COMP_LINE) and its -autocomplete-(un)install.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "complete.hpp"
#include "kiln/version.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: kiln [--version] [--help] [-machine-readable] [-autocomplete-install] [-autocomplete-uninstall]\n"
    "            <command> [<args>]\n\n"
    "Available commands are:\n"
    "    build         build image(s) from template\n"
    "    console       evaluate expressions in a template's scope\n"
    "    fix           fixes templates from old versions of packer\n"
    "    fmt           rewrites HCL2 config files to canonical format\n"
    "    hcl2_upgrade  rewrite a JSON template as HCL2\n"
    "    inspect       see components of a template\n"
    "    validate      check that a template is valid\n"
    "    version       prints the kiln version\n";

const std::vector<std::string> kCommands = {"build", "console", "fix", "fmt", "hcl2_upgrade", "inspect", "validate", "version"};

// Runs a command other than version; -1 for an unknown one.
int run_command(const std::string& command, const std::vector<std::string>& args, kiln::cli::RenderOptions render) {
  using namespace kiln::cli;
  if (command == "build") return cmd_build(args, render);
  if (command == "validate") return cmd_validate(args, render);
  if (command == "inspect") return cmd_inspect(args, render);
  if (command == "hcl2_upgrade") return cmd_hcl2_upgrade(args, render);
  if (command == "fmt") return cmd_fmt(args, render);
  if (command == "fix") return cmd_fix(args, render);
  if (command == "console") return cmd_console(args, render);
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiln::cli;
  RenderOptions render;
  if (const char* line = std::getenv("COMP_LINE")) {
    return answer_completion(line, kCommands, [&](const std::string& command, const std::vector<std::string>& args) {
      return run_command(command, args, render);
    });
  }
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-machine-readable" || a == "--machine-readable") render.mode = OutputMode::MachineReadable;
    else args.push_back(a);
  }
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "-autocomplete-install" || args[0] == "--autocomplete-install") return autocomplete_install();
  if (args[0] == "-autocomplete-uninstall" || args[0] == "--autocomplete-uninstall") return autocomplete_uninstall();
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  bool wants_help = !rest.empty() && (rest[0] == "-h" || rest[0] == "--help" || rest[0] == "-help");
  if (command == "version" || command == "-v" || command == "--version" || command == "-version") {
    if (render.mode == OutputMode::MachineReadable) {
      // The records Packer 1.6.6's `-machine-readable version` writes, with kiln's own version.
      auto now = std::time(nullptr);
      fmt::print("{0},,version,{1}\n{0},,version-prelease,\n{0},,version-commit,\n{0},,ui,say,kiln v{1}\n", now, kiln::version);
    } else fmt::print("kiln {} (Packer {} template compatible)\n", kiln::version, kiln::packer_compat_version);
    return 0;
  }
  if (wants_help) rest = {"-help"};
  // Commands report kiln's errors themselves; anything else (out of memory) still ends in a message
  // and exit status 1, never an abort.
  try {
    if (int status = run_command(command, rest, render); status >= 0) return status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kiln %s: %s\n", command.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "kiln: unknown command \"%s\"\n\n%s", command.c_str(), kUsage);
  return 1;
}
