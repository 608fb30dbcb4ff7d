// kiln build [options] TEMPLATE — runs the template's builds, as `packer build`.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <thread>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "prompt.hpp"

namespace kiln::cli {
namespace {

int signal_pipe[2] = {-1, -1};

void on_signal(int signo) {
  char c = static_cast<char>(signo);
  ssize_t ignored = write(signal_pipe[1], &c, 1);
  (void)ignored;
}

// SIGINT/SIGTERM cancel the run (cleanup still happens); a watcher thread reads the self-pipe.
class SignalCancel {
 public:
  SignalCancel(CancelSource& source, Ui ui) {
    if (pipe2(signal_pipe, O_CLOEXEC) != 0) return;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    watcher_ = std::thread([&source, ui] {
      char c;
      while (read(signal_pipe[0], &c, 1) == 1) {
        if (c == 0) return;  // shutdown
        // Packer 1.6.6's words, with Go's name for the signal.
        ui.error(fmt::format("Cancelling build after receiving {}", c == SIGINT ? "interrupt" : "terminated"));
        source.cancel();
      }
    });
  }
  ~SignalCancel() {
    if (!watcher_.joinable()) return;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    char stop = 0;
    ssize_t ignored = write(signal_pipe[1], &stop, 1);
    (void)ignored;
    watcher_.join();
    close(signal_pipe[0]);
    close(signal_pipe[1]);
  }

 private:
  std::thread watcher_;
};

OnError parse_on_error(const std::string& v) {
  if (v == "cleanup") return OnError::Cleanup;
  if (v == "abort") return OnError::Abort;
  if (v == "ask") return OnError::Ask;
  if (v == "run-cleanup-provisioner") return OnError::RunCleanupProvisioner;
  throw std::invalid_argument("-on-error must be one of cleanup, abort, ask, run-cleanup-provisioner");
}

// Packer sets up every build's coloured UI before any build runs: "NAME: output will be in this
// color." in template order (the build's colour), then a blank line. Printed with -color even off a
// terminal (uncoloured there), as Packer prints it into a pipe.
void announce_build_colors(EventBus& bus, const std::vector<std::unique_ptr<Build>>& builds) {
  for (const auto& build : builds) {
    Event announce;
    announce.kind = EventKind::BuildStart;
    announce.build = build->name();
    announce.text = build->name() + ": output will be in this color.";
    bus.emit(std::move(announce));
  }
  if (!builds.empty()) bus.emit(Event{});  // a blank line of the whole run
}

}  // namespace

int cmd_build(const std::vector<std::string>& args, RenderOptions render) {
  BuildOptions options;
  FlagSet flags;
  add_template_flags(flags, options, render);
  bool color = true, parallel = true;
  flags.boolean("force", &options.force, "Force a build to continue if artifacts exist, deletes existing artifacts.");
  flags.boolean("debug", &options.debug, "Debug mode enabled for builds.");
  flags.boolean("color", &color, "Disable color output (on by default).");
  flags.boolean("timestamp-ui", &render.timestamps, "Enable prefixing of each ui output with an RFC3339 timestamp.");
  flags.boolean("parallel", &parallel, "Deprecated: -parallel=false is -parallel-builds=1.");
  flags.value("on-error", [&](const std::string& v) { options.on_error = parse_on_error(v); },
              "If the build fails do: clean up (default), abort, ask, or run-cleanup-provisioner.");
  flags.value("parallel-builds", [&](const std::string& v) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), options.parallel_builds);
    if (ec != std::errc() || end != v.data() + v.size())
      throw std::invalid_argument(fmt::format("invalid value \"{}\" for flag -parallel-builds: parse error", v));
  },
              "Number of builds to run in parallel. 0 means no limit (default 0).");
  if (FlagSet::asks_help(args)) {
    std::printf("Usage: kiln build [options] TEMPLATE\n\nOptions:\n%s", flags.usage().c_str());
    return 0;
  }
  std::vector<std::string> rest;
  try {
    rest = flags.parse(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n\nUsage: kiln build [options] TEMPLATE\n\nOptions:\n%s", e.what(), flags.usage().c_str());
    return 1;
  }
  render.color = render.color && color;
  if (!parallel) options.parallel_builds = 1;
  auto bus = std::make_shared<EventBus>(make_renderer(render));
  Ui ui(bus, {});
  if (rest.size() != 1) {
    ui.error("build takes exactly one template.\n\nUsage: kiln build [options] TEMPLATE\n\nOptions:\n" + flags.usage());
    return 1;
  }
  if (options.on_error == OnError::Ask && !isatty(STDIN_FILENO)) {
    ui.warn("-on-error=ask needs a terminal; failed builds will be cleaned up");
    options.on_error = OnError::Cleanup;
  }
  CancelSource cancel;
  options.cancel = cancel.token();
  options.events = bus;
  options.prompt = terminal_prompt(bus);
  try {
    bool debug = options.debug;
    Session session(Template::load(rest[0]), std::move(options));
    session.prepare();
    if (debug) ui.say("Debug mode enabled. Builds will not be parallelized.");
    if (color && render.mode == OutputMode::Human) announce_build_colors(*bus, session.builds());
    SignalCancel signals(cancel, ui);
    auto results = session.run();
    // As Packer: an interrupted run fails even when every build got to its end.
    if (cancel.cancelled()) return 1;
    for (const auto& r : results)
      if (!r.ok) return 1;
    return 0;
  } catch (const Error& e) {
    ui.error(e.what());
    return 1;
  }
}

}  // namespace kiln::cli
