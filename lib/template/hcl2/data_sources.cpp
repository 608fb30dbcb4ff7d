#include "template/hcl2/data_sources.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>

#include "template/hcl2/data_amazon.hpp"
#include "template/hcl2/data_config.hpp"
#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {
namespace {

using Runner = std::function<hcl::Value(const hcl::Block&, const hcl::EvalContext&, Scope&)>;

hcl::Value unknown() { return hcl::Value::unknown(hcl::Type::dynamic()); }

// Packer's test data source: its `input` string comes back as `output`.
hcl::Value null_data_source(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope) {
  DataConfig c(block, {"input"}, ctx, scope);
  std::string input = c.string("input");
  if (!c.ok()) return unknown();
  if (!c.known()) return hcl::Value::object({{"output", hcl::Value::unknown(hcl::Type::string())}});
  if (input.empty()) {
    add(scope.problems, block.type_range, "The `input` must be specified", "");
    return unknown();
  }
  return hcl::Value::object({{"output", hcl::Value::string(input)}});
}

Runner amazon(const char* type) {
  return [type](const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope) {
    return run_amazon_data_source(type, block, ctx, scope);
  };
}

const std::map<std::string, Runner, std::less<>>& runners() {
  static const std::map<std::string, Runner, std::less<>> all{
      {"amazon-ami", amazon("amazon-ami")},
      {"amazon-parameterstore", amazon("amazon-parameterstore")},
      {"amazon-secretsmanager", amazon("amazon-secretsmanager")},
      {"null", null_data_source},
  };
  return all;
}

}  // namespace

hcl::Value run_data_source(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope) {
  auto it = runners().find(block.labels[0]);
  if (it == runners().end()) {
    add(scope.problems, block.label_ranges[0], "Unknown data type " + block.labels[0],
        fmt::format("known data sources: {}", fmt::join(data_source_types(), ", ")));
    return unknown();
  }
  return it->second(block, ctx, scope);
}

std::vector<std::string> data_source_types() {
  std::vector<std::string> out;
  for (const auto& [name, runner] : runners()) out.push_back(name);
  return out;
}

}  // namespace kiln::hcl2
