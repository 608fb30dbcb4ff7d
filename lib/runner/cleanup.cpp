#include "kiln/cleanup.hpp"

#include <fmt/format.h>

namespace kiln {

void CleanupStack::push(std::string what, std::function<void()> undo) {
  entries_.push_back(Entry{std::move(what), std::move(undo)});
}

void CleanupStack::unwind() noexcept {
  while (!entries_.empty()) {
    Entry entry = std::move(entries_.back());
    entries_.pop_back();
    try {
      entry.undo();
    } catch (const std::exception& e) {
      ui_.error(fmt::format("Error cleaning up {}: {}", entry.what, e.what()));
    } catch (...) {
      ui_.error(fmt::format("Error cleaning up {}", entry.what));
    }
  }
}

std::vector<std::string> CleanupStack::release() {
  std::vector<std::string> left;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) left.push_back(it->what);
  entries_.clear();
  return left;
}

}  // namespace kiln
