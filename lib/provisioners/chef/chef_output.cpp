#include "provisioners/chef/chef_output.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kiln {

void ChefFailures::see(std::string_view line) {
  constexpr std::string_view head = "Error executing action `", on = "` on resource '";
  size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || line.substr(start, head.size()) != head) return;
  line.remove_prefix(start + head.size());
  size_t action_end = line.find(on);
  // The resource's name runs to the line's last quote: names may hold quotes (file[/tmp/it's]).
  size_t end = line.rfind('\'');
  if (action_end == std::string_view::npos || end == std::string_view::npos || end < action_end + on.size()) return;
  std::string resource(line.substr(action_end + on.size(), end - action_end - on.size()));
  if (!resource.empty() && std::find(resources_.begin(), resources_.end(), resource) == resources_.end())
    resources_.push_back(resource);
}

std::string ChefFailures::describe(int status) const {
  std::string message = fmt::format("Non-zero exit status: {}", status);
  if (!resources_.empty()) message += fmt::format(" (failed resources: {})", fmt::join(resources_, ", "));
  return message;
}

}  // namespace kiln
