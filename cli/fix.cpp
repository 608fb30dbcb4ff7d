// kiln fix [-validate=false] TEMPLATE — rewrites a JSON template written for older Packer with
// Packer 1.6.6's fixers and prints it as `packer fix` does (keys sorted, two-space indent, & as
// \u0026). Like Packer, everything it prints goes to standard output (as records with
// -machine-readable); the exit status is 1 on any error, including a fixed template that fails
// validation.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "commands.hpp"
#include "flags.hpp"
#include "kiln/error.hpp"
#include "kiln/events.hpp"
#include "system_error.hpp"
#include "template/fix/fix.hpp"
#include "template/fix/fixers.hpp"
#include "util/fd.hpp"
#include "util/read_file.hpp"

namespace kiln::cli {
namespace {

// Packer's Ui as packer fix uses it: each message and a newline on standard output, or one
// record per message with -machine-readable (--events=json: one event).
class FixUi {
 public:
  explicit FixUi(const RenderOptions& render) {
    if (render.mode != OutputMode::Human) ui_ = Ui(std::make_shared<EventBus>(make_renderer(render)), {});
  }
  void say(const std::string& text) const { show(EventKind::Say, text); }
  void error(const std::string& text) const { show(EventKind::Error, text); }

 private:
  void show(EventKind kind, const std::string& text) const {
    if (ui_.bus()) ui_.emit(kind, text);
    else fmt::print("{}\n", text);
  }
  Ui ui_;
};

std::string fix_usage() {
  std::string text =
      "Usage: kiln fix [options] TEMPLATE\n\n"
      "  Reads the JSON template and attempts to fix known backwards\n"
      "  incompatibilities. The fixed template will be outputted to standard out.\n\n"
      "  If the template cannot be fixed due to an error, the command will exit\n"
      "  with a non-zero exit status. Error messages will appear on standard error.\n\n"
      "Fixes that are run (in order):\n\n";
  for (const auto& fixer : fix::fixers()) text += fmt::format("  {:<27}{}\n", fixer.name, fixer.synopsis);
  return text + "\nOptions:\n\n  -validate=true      If true (default), validates the fixed template.";
}

// The file's bytes, or Go's os.Open / Read error text.
bool read_template(const std::string& path, std::string& text, std::string& error) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.fd < 0) {
    error = fmt::format("Error opening template: open {}: {}", path, system_error_text(errno));
    return false;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = fmt::format("Error parsing template: read {}: {}", path, system_error_text(errno));
      return false;
    }
    if (n == 0) return true;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxInputFile) {
      error = fmt::format("Error parsing template: {} is larger than {} bytes", path, kMaxInputFile);
      return false;
    }
  }
}

}  // namespace

int cmd_fix(const std::vector<std::string>& args, RenderOptions render) {
  FixUi ui(render);
  bool validate = true;
  FlagSet flags;
  flags.boolean("validate", &validate, "If true (default), validates the fixed template.");
  if (FlagSet::asks_help(args)) {
    ui.say(fix_usage());
    return 0;
  }
  std::vector<std::string> rest;
  try {
    rest = flags.parse(args);
  } catch (const std::invalid_argument& e) {
    ui.error(e.what());
    ui.say(fix_usage());
    return 1;
  }
  if (rest.size() != 1) {
    ui.say(fix_usage());
    return 1;
  }
  std::string text, error;
  if (!read_template(rest[0], text, error)) {
    ui.error(error);
    return 1;
  }
  fix::FixOutcome outcome;
  try {
    outcome = fix::fix_template(text, validate);
  } catch (const Error& e) {
    ui.error(e.what());
    return 1;
  }
  ui.say(outcome.text);
  if (outcome.failure) {
    ui.error(fix::failure_message(*outcome.failure));
    return 1;
  }
  return 0;
}

}  // namespace kiln::cli
