// kiln console [-var …] [-var-file …] [TEMPLATE]: evaluates the expressions read from standard input
// in the template's scope, as packer console does. Piped input prints only the last line's result
// (and exits 1 if any line had a problem); a terminal or a file gets every result, line by line.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "kiln/console.hpp"

namespace kiln::cli {
namespace {

// Greedy word wrap at `width`, as HCL's diagnostic writer wraps details at the width Packer gives it (longer words stay whole).
std::string wrap(const std::string& text, size_t width) {
  std::istringstream lines(text);
  std::string out;
  bool first = true;
  for (std::string line; std::getline(lines, line); first = false) {
    if (!first) out += "\n";
    std::istringstream words(line);
    size_t column = 0;
    for (std::string word; words >> word; column += word.size(), out += word) {
      if (column > 0 && column + 1 + word.size() > width) {
        out += "\n";
        column = 0;
      } else if (column > 0) {
        out += " ";
        ++column;
      }
    }
  }
  return out;
}

// A problem as packer console writes an HCL diagnostic about its one-line input.
std::string problem_text(const Console::Problem& p, bool hcl2) {
  std::string where = hcl2 ? "  on <console-input> line 1:\n  (source code not available)\n\n" : "";
  return fmt::format("Error: {}\n\n{}{}\n\n\n", p.summary, where, wrap(p.detail, 80));
}

bool stdin_is_pipe() {
  struct stat st {};
  return fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode);
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n\v\f"), b = s.find_last_not_of(" \t\r\n\v\f");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

int piped(const Console& console) {
  int status = 0;
  std::string last;
  for (std::string line; std::getline(std::cin, line);) {
    std::string text = trim(line);
    auto r = console.evaluate(text == "exit" ? "" : text);
    for (const auto& p : r.problems) fmt::print("{}", problem_text(p, console.hcl2()));
    if (!r.ok()) status = 1;
    last = r.text;
    std::fflush(stdout);
  }
  fmt::print("{}\n", last);
  return status;
}

int interactive(const Console& console) {
  bool terminal = isatty(STDIN_FILENO);
  for (std::string line;;) {
    if (terminal) {
      fmt::print("> ");
      std::fflush(stdout);
    }
    if (!std::getline(std::cin, line)) break;
    if (line == "exit") return 0;
    auto r = console.evaluate(line);
    for (const auto& p : r.problems) fmt::print("{}", problem_text(p, console.hcl2()));
    fmt::print("{}\n", r.text);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int cmd_console(const std::vector<std::string>& args, RenderOptions render) {
  BuildOptions options;
  FlagSet flags;
  add_variable_flags(flags, options);
  if (FlagSet::asks_help(args)) {
    std::printf("Usage: kiln console [options] [TEMPLATE]\n\nOptions:\n%s", flags.usage().c_str());
    return 0;
  }
  auto bus = std::make_shared<EventBus>(make_renderer(render));
  Ui ui(bus, {});
  try {
    auto rest = flags.parse(args);
    if (rest.size() > 1) {
      ui.error("console takes at most one template.\n\nUsage: kiln console [options] [TEMPLATE]\n\nOptions:\n" +
               flags.usage());
      return 1;
    }
    // Without a template, as Packer: an empty JSON template, so lines are {{ }} interpolations.
    Template t = rest.empty() ? Template::parse("{}", "") : Template::load(rest[0]);
    Console console(t, options);
    return stdin_is_pipe() ? piped(console) : interactive(console);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  } catch (const Error& e) {
    ui.error(e.what());
    return 1;
  }
}

}  // namespace kiln::cli
