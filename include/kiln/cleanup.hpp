// The undo stack: each step that creates something registers how to remove it, right away.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kiln/events.hpp"

namespace kiln {

class CleanupStack {
 public:
  CleanupStack() = default;
  explicit CleanupStack(Ui ui) : ui_(std::move(ui)) {}
  CleanupStack(const CleanupStack&) = delete;
  CleanupStack& operator=(const CleanupStack&) = delete;
  // Unwinds whatever is left (so an exception still cleans up), unless released.
  ~CleanupStack() { unwind(); }

  // `what` names the resource ("temporary security group sg-123") for logs and abort reports.
  void push(std::string what, std::function<void()> undo);
  // Runs every undo in reverse order. Failures are reported as error events, never thrown.
  void unwind() noexcept;
  // Forgets every undo without running it (on-error=abort) and returns what was left behind.
  std::vector<std::string> release();
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string what;
    std::function<void()> undo;
  };
  Ui ui_;
  std::vector<Entry> entries_;
};

}  // namespace kiln
