#include "provisioners/salt/salt_state_results.hpp"

namespace kiln {

namespace {

std::string_view trimmed(std::string_view s) {
  auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

// Each state's block starts with "ID: <state id>" and has a "Result: True|False|None" line.
void SaltStateResults::see(std::string_view line) {
  std::string_view t = trimmed(line);
  if (t.rfind("ID: ", 0) == 0)
    current_id_ = std::string(t.substr(4));
  else if (t == "Result: False" && !current_id_.empty())
    failed_.push_back(current_id_);
}

}  // namespace kiln
