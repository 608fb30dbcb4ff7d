// A snapshot of environment variables. A run reads the environment only through the snapshot taken
// when it was created, so a host calling setenv() meanwhile neither races with kiln's build threads
// nor changes a run under way.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Environment {
 public:
  Environment() = default;  // empty
  explicit Environment(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}

  // Copies the process environment now. Call it on a thread that no other thread's setenv() races with.
  static std::shared_ptr<const Environment> capture();

  // The variable's value, or nullopt when it is unset (set to "" is a value).
  std::optional<std::string> get(std::string_view name) const;
  // The value, or "" when unset.
  std::string value(std::string_view name) const { return get(name).value_or(""); }
  // "NAME=value" entries with `extra` added or replacing, sorted by name: a child process's envp.
  std::vector<std::string> entries(const std::map<std::string, std::string>& extra = {}) const;
  const std::map<std::string, std::string, std::less<>>& vars() const { return vars_; }
  // Where temporary files go: TMPDIR when set and not empty, else /tmp (as Go's os.TempDir).
  std::string temp_dir() const;

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

using EnvironmentPtr = std::shared_ptr<const Environment>;

}  // namespace kiln
