// The one event stream every consumer reads: CLI renderer, C callback, Python callback, JSON lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

enum class EventKind {
  Say,         // "==> build: text" — a step or major action
  Message,     // "    build: text" — detail, e.g. a command's output line
  Error,       // an error message
  Progress,    // bytes done / total of a long operation
  BuildStart,  // a build begins
  BuildEnd,    // a build ended; text holds the error when it failed
  Artifact,    // an artifact was produced; text is its description
  Machine,     // machine-readable datum: text = type, args = data
  Warning,     // a non-fatal problem (e.g. a template Packer would reject)
};

struct Event {
  EventKind kind = EventKind::Say;
  std::string build;  // build name, empty for global events
  // Who the line is from, as Packer's UI prefixes it ("==> target: "): the build name, "build (type)"
  // for a post-processor, empty for lines of the whole run and for a build's own summary.
  std::string target;
  std::string text;
  std::vector<std::string> args;  // Machine events: the data fields
  uint64_t done = 0;              // Progress: bytes (or units) done
  uint64_t total = 0;             // Progress: total, 0 when unknown
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
};

// Receives events. Implementations need not be thread-safe: EventBus serialises delivery.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void deliver(const Event& event) = 0;
};

// Adapts a callable to EventSink.
class FunctionSink : public EventSink {
 public:
  explicit FunctionSink(std::function<void(const Event&)> fn) : fn_(std::move(fn)) {}
  void deliver(const Event& event) override { fn_(event); }

 private:
  std::function<void(const Event&)> fn_;
};

// Masks registered secrets in every event and delivers to the sinks one event at a time.
class EventBus {
 public:
  EventBus() = default;
  explicit EventBus(std::shared_ptr<EventSink> sink) { add_sink(std::move(sink)); }

  void add_sink(std::shared_ptr<EventSink> sink);
  // Every later event has each occurrence of `secret`, or of its percent-encoded, JSON-escaped or
  // base64 forms, replaced by "<sensitive>".
  void add_secret(std::string secret);
  // Replaces every registered secret in `text`.
  std::string mask(std::string_view text) const;
  void emit(Event event);

 private:
  // The order secrets are masked in: longest first, so a secret containing another is masked whole.
  struct MaskedBefore {
    bool operator()(const std::string& a, const std::string& b) const;
  };
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<EventSink>> sinks_;
  std::set<std::string, MaskedBefore> secrets_;
};

// Inside a catch block: rethrows the exception being handled with every secret `bus` knows masked in
// its message, keeping its kiln type (TemplateError keeps its problems); other exceptions become Error.
[[noreturn]] void rethrow_masked(const EventBus& bus);

// What a builder, provisioner or post-processor uses to talk to the user. Cheap to copy.
class Ui {
 public:
  Ui() = default;
  Ui(std::shared_ptr<EventBus> bus, std::string build) : bus_(std::move(bus)), build_(build), target_(std::move(build)) {}

  // The same build's Ui with another prefix (Packer's TargetedUI): "build (manifest)" for a
  // post-processor, or "" for the build's own summary lines.
  Ui with_target(std::string target) const {
    Ui ui = *this;
    ui.target_ = std::move(target);
    return ui;
  }

  void say(std::string_view text) const { emit(EventKind::Say, text); }
  void message(std::string_view text) const { emit(EventKind::Message, text); }
  void error(std::string_view text) const { emit(EventKind::Error, text); }
  // A line a command wrote, shown as Packer's RemoteCmd.RunWithUi shows it: stdout a message, stderr an error.
  void output(std::string_view line, bool is_stderr) const {
    emit(is_stderr ? EventKind::Error : EventKind::Message, line);
  }
  // The same as a callback for a command's lines (Communicator::exec, run_process); holds a copy of this Ui.
  auto output_lines() const {
    return [ui = *this](std::string_view line, bool is_stderr) { ui.output(line, is_stderr); };
  }
  void warn(std::string_view text) const { emit(EventKind::Warning, text); }
  void progress(std::string_view what, uint64_t done, uint64_t total) const;
  void machine(std::string_view type, std::vector<std::string> data) const;
  void emit(EventKind kind, std::string_view text) const;

  const std::string& build() const { return build_; }
  const std::string& target() const { return target_; }
  const std::shared_ptr<EventBus>& bus() const { return bus_; }

 private:
  std::shared_ptr<EventBus> bus_;
  std::string build_;
  std::string target_;
};

}  // namespace kiln
