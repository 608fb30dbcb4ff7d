// A data source's block body read as typed settings, converting as Packer's HCL2 spec does.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hcl/ast.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

class DataConfig {
 public:
  // Evaluates the block's attributes; any not in `names`, and any nested block, is a problem.
  DataConfig(const hcl::Block& block, const std::vector<std::string>& names, const hcl::EvalContext& ctx,
             Scope& scope);

  // The setting converted to the type, or the empty value when unset (a conversion that fails is a problem).
  std::string string(const std::string& name);
  bool boolean(const std::string& name);
  int64_t integer(const std::string& name);
  std::vector<std::string> strings(const std::string& name);
  std::map<std::string, std::string> string_map(const std::string& name);

  // Every setting is known (a variable left unknown leaves the output unknown too).
  bool known() const;
  // No problem was added since construction.
  bool ok() const { return scope_.problems.list().size() == problems_before_; }

 private:
  hcl::Value get(const std::string& name, const hcl::Type& type);

  const hcl::Block& block_;
  Scope& scope_;
  size_t problems_before_;
  std::map<std::string, hcl::Value> values_;
};

}  // namespace kiln::hcl2
