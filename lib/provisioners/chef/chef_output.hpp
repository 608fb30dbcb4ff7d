// Reads chef-solo / chef-client output to name the resources that failed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class ChefFailures {
 public:
  // Takes one output line. Chef's formatter heads each failure with
  // "Error executing action `run` on resource 'execute[migrate]'", indented under the resource.
  void see(std::string_view line);
  // Packer's message for exit status `status`, naming the failed resources when Chef reported any.
  std::string describe(int status) const;
  const std::vector<std::string>& resources() const { return resources_; }

 private:
  std::vector<std::string> resources_;
};

}  // namespace kiln
