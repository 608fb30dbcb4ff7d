// Reads `puppet apply` output to name the resources that failed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class PuppetFailures {
 public:
  // Takes one output line (colour escapes and all).
  void see(std::string_view line);
  // Packer's message for exit status `status`, naming the failed resources when puppet reported any.
  std::string describe(int status) const;
  const std::vector<std::string>& resources() const { return resources_; }

 private:
  std::vector<std::string> resources_;
};

}  // namespace kiln
