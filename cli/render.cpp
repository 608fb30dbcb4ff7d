#include "render.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <map>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kiln::cli {
namespace {

const char* kind_name(EventKind k) {
  switch (k) {
    case EventKind::Say: return "say";
    case EventKind::Message: return "message";
    case EventKind::Error: return "error";
    case EventKind::Progress: return "progress";
    case EventKind::BuildStart: return "build-start";
    case EventKind::BuildEnd: return "build-end";
    case EventKind::Artifact: return "artifact";
    case EventKind::Machine: return "machine";
    case EventKind::Warning: return "warning";
  }
  return "?";
}

// Packer's TargetedUI: every line of the message prefixed "==> target: " (or "    target: " for
// a message), trailing white space trimmed. Lines of the whole run and a build's summary are as they are.
std::string targeted(const Event& e) {
  if (e.target.empty()) return e.text;
  const std::string arrow = e.kind == EventKind::Message ? "   " : "==>";
  std::string out;
  size_t start = 0;
  for (;;) {
    size_t end = e.text.find('\n', start);
    out += fmt::format("{} {}: {}\n", arrow, e.target, e.text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

// Packer's -timestamp-ui prefix, on the lines of builds only.
std::string stamp(const Event& e) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}: ", fmt::gmtime(std::chrono::system_clock::to_time_t(e.time)));
}

// Packer's ColoredUi: one colour per build, bold for "==>" lines, red for a build's errors; lines of
// the whole run are plain, as Packer's BasicUi writes them.
class HumanRenderer : public EventSink {
 public:
  HumanRenderer(const RenderOptions& o, std::FILE* out) : opts_(o), out_(out) {
    opts_.color = opts_.color && isatty(fileno(out)) && !std::getenv("NO_COLOR");
  }

  void deliver(const Event& e) override {
    if (e.kind == EventKind::Progress) return progress(e);
    end_progress_line();
    std::string prefix = e.build.empty() ? "" : e.build + ": ";
    std::string when = opts_.timestamps && !e.build.empty() ? stamp(e) : "";
    switch (e.kind) {
      case EventKind::BuildStart:  // the library's carry no text; the CLI announces each build's colour
        if (!e.text.empty()) line(e.build, e.text, true);
        break;
      case EventKind::Say: line(e.build, when + targeted(e), true); break;
      case EventKind::Message: line(e.build, when + targeted(e), false); break;
      case EventKind::Error: colored(when + targeted(e), e.build.empty() ? "" : "1;31"); break;
      case EventKind::Warning: colored("Warning: " + prefix + e.text, "1;33"); break;
      case EventKind::Artifact: line({}, "--> " + prefix + e.text, false); break;
      case EventKind::BuildEnd:
      case EventKind::Machine:
      case EventKind::Progress: break;
    }
  }

 private:
  void line(const std::string& build, const std::string& text, bool bold) {
    if (build.empty()) return colored(text, "");
    static const char* palette[] = {"32", "36", "35", "33", "34"};
    auto [it, added] = colors_.emplace(build, palette[colors_.size() % 5]);
    colored(text, fmt::format("{};{}", bold ? 1 : 0, it->second));
  }
  void colored(const std::string& text, const std::string& code) {
    if (opts_.color && !code.empty()) fmt::print(out_, "\x1b[{}m{}\x1b[0m\n", code, text);
    else fmt::print(out_, "{}\n", text);
    std::fflush(out_);
  }
  // One line redrawn in place: percent, bar, MiB done of total, rate since the transfer's first report
  // and the time left at that rate; the line is finished when the total is reached.
  void progress(const Event& e) {
    if (!isatty(fileno(out_))) return;  // a progress bar only makes sense on a terminal
    std::string key = e.build + '\n' + e.text;
    auto start = started_.emplace(key, std::chrono::steady_clock::now()).first;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start->second).count();
    double rate = seconds > 0 ? e.done / seconds : 0;
    bool finished = e.total != 0 && e.done >= e.total;
    std::string line = fmt::format("    {}{}:", e.build, e.text.empty() ? "" : " " + e.text);
    if (e.total != 0) {
      constexpr uint64_t width = 30;
      uint64_t filled = std::min(e.done, e.total) * width / e.total;
      line += fmt::format(" {:3}% [{}{}] {:.1f}/{:.1f} MiB", std::min(e.done, e.total) * 100 / e.total,
                          std::string(filled, '#'), std::string(width - filled, ' '), e.done / 1048576.0,
                          e.total / 1048576.0);
    } else line += fmt::format(" {:.1f} MiB", e.done / 1048576.0);
    if (rate > 0) line += fmt::format(" {:.1f} MiB/s", rate / 1048576.0);
    if (rate > 0 && e.total > e.done) line += fmt::format(" ETA {}s", static_cast<uint64_t>((e.total - e.done) / rate));
    fmt::print(out_, "\r\x1b[K{}", line);  // \x1b[K: nothing of a longer previous line stays
    std::fflush(out_);
    in_progress_ = true;
    if (finished) {
      started_.erase(start);
      end_progress_line();
    }
  }
  void end_progress_line() {
    if (in_progress_) fmt::print(out_, "\n");
    in_progress_ = false;
  }

  RenderOptions opts_;
  std::FILE* out_;
  std::map<std::string, const char*> colors_;
  bool in_progress_ = false;
  std::map<std::string, std::chrono::steady_clock::time_point> started_;  // per transfer being shown
};

// Packer's -machine-readable: "unix time,target,type,data…" on stdout, data with commas written
// %!(PACKER_COMMA) and newlines \n. ui lines carry the TargetedUI prefix in the message and an empty
// target; machine records carry the target. kiln's own warnings (Packer has none) go to stderr, so
// stdout stays what Packer writes.
class MachineRenderer : public EventSink {
 public:
  MachineRenderer(const RenderOptions& o, std::FILE* out) : opts_(o), out_(out) {}
  void deliver(const Event& e) override {
    std::string target, type;
    std::vector<std::string> fields;
    std::string when = opts_.timestamps && !e.build.empty() ? stamp(e) : "";
    switch (e.kind) {
      case EventKind::Machine: target = e.target; type = e.text; fields = e.args; break;
      case EventKind::Say: type = "ui"; fields = {"say", when + targeted(e)}; break;
      case EventKind::Message: type = "ui"; fields = {"message", when + targeted(e)}; break;
      case EventKind::Error: type = "ui"; fields = {"error", when + targeted(e)}; break;
      case EventKind::Artifact: type = "ui"; fields = {"say", fmt::format("--> {}: {}", e.build, e.text)}; break;
      case EventKind::Warning:
        fmt::print(stderr, "Warning: {}{}\n", e.build.empty() ? "" : e.build + ": ", e.text);
        return;
      case EventKind::Progress:
      case EventKind::BuildStart:
      case EventKind::BuildEnd: return;
    }
    std::string line = fmt::format("{},{},{}", std::chrono::system_clock::to_time_t(e.time), target, type);
    for (const auto& f : fields) line += "," + escape(f);
    fmt::print(out_, "{}\n", line);
    std::fflush(out_);
  }

 private:
  static std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == ',') out += "%!(PACKER_COMMA)";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else out += c;
    }
    return out;
  }
  RenderOptions opts_;
  std::FILE* out_;
};

// --events=json: one JSON object per line, the Event's fields as they are.
class JsonRenderer : public EventSink {
 public:
  explicit JsonRenderer(std::FILE* out) : out_(out) {}
  void deliver(const Event& e) override {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("time");
    w.Double(std::chrono::duration<double>(e.time.time_since_epoch()).count());
    w.Key("kind");
    w.String(kind_name(e.kind));
    w.Key("build");
    w.String(e.build);
    w.Key("text");
    w.String(e.text);
    if (!e.args.empty()) {
      w.Key("args");
      w.StartArray();
      for (const auto& a : e.args) w.String(a);
      w.EndArray();
    }
    if (e.kind == EventKind::Progress) {
      w.Key("done");
      w.Uint64(e.done);
      w.Key("total");
      w.Uint64(e.total);
    }
    w.EndObject();
    fmt::print(out_, "{}\n", buf.GetString());
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
};

}  // namespace

std::shared_ptr<EventSink> make_renderer(const RenderOptions& options, std::FILE* out) {
  switch (options.mode) {
    case OutputMode::MachineReadable: return std::make_shared<MachineRenderer>(options, out);
    case OutputMode::JsonLines: return std::make_shared<JsonRenderer>(out);
    case OutputMode::Human: break;
  }
  return std::make_shared<HumanRenderer>(options, out);
}

}  // namespace kiln::cli
