// The AWS Query protocol's request parameters (Action=…&Version=…&Filter.1.Name=…).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "aws/sigv4.hpp"

namespace kiln::aws {

class QueryParams {
 public:
  QueryParams& add(std::string name, std::string value);
  // name.1, name.2 … for each item (EC2's flattened lists, e.g. "ImageId.1").
  QueryParams& add_list(const std::string& name, const std::vector<std::string>& items);
  // prefix.N.Name / prefix.N.Value.M, as EC2's Filter.N expects.
  QueryParams& add_filters(const std::map<std::string, std::vector<std::string>>& filters,
                           const std::string& prefix = "Filter");
  // TagSpecification.N.ResourceType / .Tag.M.Key / .Tag.M.Value for one resource type.
  QueryParams& add_tag_specification(const std::string& resource_type,
                                     const std::map<std::string, std::string>& tags);
  // prefix.N.Key / prefix.N.Value (CreateTags' Tag.N).
  QueryParams& add_tags(const std::map<std::string, std::string>& tags, const std::string& prefix = "Tag");

  const Pairs& pairs() const { return pairs_; }
  std::string value(const std::string& name) const;
  // application/x-www-form-urlencoded body.
  std::string form_body() const;

 private:
  Pairs pairs_;
  int tag_specs_ = 0;
};

}  // namespace kiln::aws
