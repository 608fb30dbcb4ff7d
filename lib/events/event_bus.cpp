#include "events/secret_forms.hpp"
#include "kiln/events.hpp"

namespace kiln {

void EventBus::add_sink(std::shared_ptr<EventSink> sink) {
  std::lock_guard lock(mutex_);
  if (sink) sinks_.push_back(std::move(sink));
}

bool EventBus::MaskedBefore::operator()(const std::string& a, const std::string& b) const {
  return a.size() != b.size() ? a.size() > b.size() : a < b;
}

void EventBus::add_secret(std::string secret) {
  if (secret.empty()) return;
  std::lock_guard lock(mutex_);
  for (auto& form : secret_forms(secret)) secrets_.insert(std::move(form));
}

std::string EventBus::mask(std::string_view text) const {
  std::lock_guard lock(mutex_);
  std::string out(text);
  for (const auto& secret : secrets_) {
    for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 11)) {
      out.replace(at, secret.size(), "<sensitive>");
    }
  }
  return out;
}

void EventBus::emit(Event event) {
  event.build = mask(event.build);
  event.target = mask(event.target);
  event.text = mask(event.text);
  for (auto& arg : event.args) arg = mask(arg);
  std::lock_guard lock(mutex_);
  for (auto& sink : sinks_) sink->deliver(event);
}

void Ui::emit(EventKind kind, std::string_view text) const {
  if (!bus_) return;
  Event e;
  e.kind = kind;
  e.build = build_;
  e.target = target_;
  e.text = std::string(text);
  bus_->emit(std::move(e));
}

void Ui::progress(std::string_view what, uint64_t done, uint64_t total) const {
  if (!bus_) return;
  Event e;
  e.kind = EventKind::Progress;
  e.build = build_;
  e.target = target_;
  e.text = std::string(what);
  e.done = done;
  e.total = total;
  bus_->emit(std::move(e));
}

void Ui::machine(std::string_view type, std::vector<std::string> data) const {
  if (!bus_) return;
  Event e;
  e.kind = EventKind::Machine;
  e.build = build_;
  e.target = target_;
  e.text = std::string(type);
  e.args = std::move(data);
  bus_->emit(std::move(e));
}

}  // namespace kiln
