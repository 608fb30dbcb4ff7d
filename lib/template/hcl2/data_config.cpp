#include "template/hcl2/data_config.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hcl/convert.hpp"
#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {

DataConfig::DataConfig(const hcl::Block& block, const std::vector<std::string>& names, const hcl::EvalContext& ctx,
                       Scope& scope)
    : block_(block), scope_(scope), problems_before_(scope.problems.list().size()) {
  for (const auto& a : block.body.attributes) {
    if (std::find(names.begin(), names.end(), a.name) == names.end()) {
      add(scope.problems, a.name_range, "Unsupported argument",
          fmt::format("An argument named \"{}\" is not expected here.", a.name));
      continue;
    }
    values_[a.name] = scope.eval(*a.expr, ctx);
  }
  for (const auto& b : block.body.blocks)
    add(scope.problems, b.type_range, "Unsupported block type",
        fmt::format("Blocks of type \"{}\" are not expected here.", b.type));
}

hcl::Value DataConfig::get(const std::string& name, const hcl::Type& type) {
  auto it = values_.find(name);
  if (it == values_.end() || !it->second.is_wholly_known()) return hcl::Value::null(type);
  std::string why;
  auto converted = hcl::convert(it->second, type, why);
  if (converted && converted->is_wholly_known()) return *converted;
  if (!converted) {
    auto a = std::find_if(block_.body.attributes.begin(), block_.body.attributes.end(),
                          [&](const hcl::Attribute& x) { return x.name == name; });
    add(scope_.problems, a->expr->range, "Incorrect attribute value type",
        fmt::format("Inappropriate value for attribute \"{}\": {}.", name, why));
  }
  return hcl::Value::null(type);
}

std::string DataConfig::string(const std::string& name) {
  hcl::Value v = get(name, hcl::Type::string());
  return v.is_null() ? std::string() : v.as_string();
}

bool DataConfig::boolean(const std::string& name) {
  hcl::Value v = get(name, hcl::Type::boolean());
  return !v.is_null() && v.as_bool();
}

int64_t DataConfig::integer(const std::string& name) {
  hcl::Value v = get(name, hcl::Type::number());
  if (v.is_null()) return 0;
  if (auto i = v.as_number().to_int64()) return *i;
  auto a = std::find_if(block_.body.attributes.begin(), block_.body.attributes.end(),
                        [&](const hcl::Attribute& x) { return x.name == name; });
  add(scope_.problems, a->expr->range, "Incorrect attribute value type",
      fmt::format("Inappropriate value for attribute \"{}\": a whole number is required.", name));
  return 0;
}

std::vector<std::string> DataConfig::strings(const std::string& name) {
  hcl::Value v = get(name, hcl::Type::list(hcl::Type::string()));
  std::vector<std::string> out;
  if (!v.is_null())
    for (const auto& e : v.elements())
      if (!e.is_null()) out.push_back(e.as_string());
  return out;
}

std::map<std::string, std::string> DataConfig::string_map(const std::string& name) {
  hcl::Value v = get(name, hcl::Type::map(hcl::Type::string()));
  std::map<std::string, std::string> out;
  if (!v.is_null())
    for (const auto& [k, e] : v.attributes())
      if (!e.is_null()) out[k] = e.as_string();
  return out;
}

bool DataConfig::known() const {
  return std::all_of(values_.begin(), values_.end(), [](const auto& kv) { return kv.second.is_wholly_known(); });
}

}  // namespace kiln::hcl2
