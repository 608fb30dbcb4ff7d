#include "aws/query.hpp"

#include <fmt/format.h>

namespace kiln::aws {

QueryParams& QueryParams::add(std::string name, std::string value) {
  pairs_.emplace_back(std::move(name), std::move(value));
  return *this;
}

QueryParams& QueryParams::add_list(const std::string& name, const std::vector<std::string>& items) {
  for (size_t i = 0; i < items.size(); ++i) add(fmt::format("{}.{}", name, i + 1), items[i]);
  return *this;
}

QueryParams& QueryParams::add_filters(const std::map<std::string, std::vector<std::string>>& filters,
                                      const std::string& prefix) {
  int n = 0;
  for (const auto& [name, values] : filters) {
    ++n;
    add(fmt::format("{}.{}.Name", prefix, n), name);
    add_list(fmt::format("{}.{}.Value", prefix, n), values);
  }
  return *this;
}

QueryParams& QueryParams::add_tag_specification(const std::string& resource_type,
                                                 const std::map<std::string, std::string>& tags) {
  if (tags.empty()) return *this;
  std::string spec = fmt::format("TagSpecification.{}", ++tag_specs_);
  add(spec + ".ResourceType", resource_type);
  return add_tags(tags, spec + ".Tag");
}

QueryParams& QueryParams::add_tags(const std::map<std::string, std::string>& tags, const std::string& prefix) {
  int n = 0;
  for (const auto& [k, v] : tags) {
    ++n;
    add(fmt::format("{}.{}.Key", prefix, n), k);
    add(fmt::format("{}.{}.Value", prefix, n), v);
  }
  return *this;
}

std::string QueryParams::value(const std::string& name) const {
  for (const auto& [k, v] : pairs_)
    if (k == name) return v;
  return {};
}

std::string QueryParams::form_body() const {
  std::string out;
  for (const auto& [k, v] : pairs_) {
    if (!out.empty()) out += '&';
    out += uri_encode(k) + '=' + uri_encode(v);
  }
  return out;
}

}  // namespace kiln::aws
