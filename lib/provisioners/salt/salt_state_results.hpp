// Reads salt-call's state results (the "nested" outputter) line by line to name the states that failed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class SaltStateResults {
 public:
  void see(std::string_view line);
  // The IDs of the states whose result was False, in output order.
  const std::vector<std::string>& failed() const { return failed_; }

 private:
  std::string current_id_;
  std::vector<std::string> failed_;
};

}  // namespace kiln
