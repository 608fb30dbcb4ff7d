#include "provisioners/puppet/puppet_output.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kiln {
namespace {

// Puppet colours its messages (it writes ANSI SGR sequences even into a pipe).
std::string without_colour(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
      size_t end = line.find('m', i);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    out += line[i];
  }
  return out;
}

// "/Stage[main]/Main/Exec[breaks]/returns: change … failed" → "Exec[breaks]": the last component
// of the resource path with a title; titles may hold '/' (File[/etc/x]), so brackets are tracked.
std::string failed_resource(std::string_view path) {
  std::string resource, component;
  int depth = 0;
  for (char c : path) {
    if (depth == 0 && (c == '/' || c == ':')) {
      if (component.find('[') != std::string::npos) resource = component;
      component.clear();
      if (c == ':') break;
      continue;
    }
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    component += c;
  }
  return resource;
}

}  // namespace

void PuppetFailures::see(std::string_view raw) {
  std::string line = without_colour(raw);
  constexpr std::string_view prefix = "Error: /";
  if (line.rfind(prefix, 0) != 0) return;
  std::string resource = failed_resource(std::string_view(line).substr(prefix.size() - 1));
  if (!resource.empty() && std::find(resources_.begin(), resources_.end(), resource) == resources_.end())
    resources_.push_back(resource);
}

std::string PuppetFailures::describe(int status) const {
  std::string message = fmt::format("Puppet exited with a non-zero exit status: {}", status);
  if (!resources_.empty()) message += fmt::format(" (failed resources: {})", fmt::join(resources_, ", "));
  return message;
}

}  // namespace kiln
