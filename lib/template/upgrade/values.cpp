#include "template/upgrade/values.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "template/number_text.hpp"

namespace kiln::upgrade {
namespace {

std::vector<size_t> sorted_members(const Value& object) {
  std::vector<size_t> order(object.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return object.keys()[a] < object.keys()[b]; });
  return order;
}

bool is_primitive(const Value& v) { return !v.is_object() && !v.is_array(); }

std::string object_key(const std::string& key) { return is_identifier(key) ? key : hcl_quote(key); }

}  // namespace

std::string hcl_expression(const Value& value, GoTemplateScope& scope) {
  switch (value.type()) {
    case Value::Type::Null: return "null";
    case Value::Type::Bool: return value.as_bool() ? "true" : "false";
    case Value::Type::Number:
      return number_text(value);
    case Value::Type::String: return "\"" + convert_go_template(value.as_string(), scope) + "\"";
    case Value::Type::Array: {
      std::string out = "[";
      for (size_t i = 0; i < value.items().size(); ++i)
        out += (i ? ", " : "") + hcl_expression(value.items()[i], scope);
      return out + "]";
    }
    case Value::Type::Object: {
      if (value.size() == 0) return "{}";
      HclBody items;  // laid out as attributes are: keys aligned
      for (size_t i : sorted_members(value)) items.attribute(object_key(value.keys()[i]), hcl_expression(value.member(i), scope));
      std::string out = "{\n";
      items.write(out, 2);
      return out + "}";
    }
  }
  return "null";
}

void add_config(HclBody& body, const Value& config, GoTemplateScope& scope, const std::set<std::string>& skip,
                const std::set<std::string>& as_attribute) {
  for (size_t i : sorted_members(config)) {
    const std::string& key = config.keys()[i];
    const Value& v = config.member(i);
    if (skip.count(key)) continue;
    if (as_attribute.count(key)) {
      body.attribute(key, hcl_expression(v, scope));
    } else if (v.is_object() && !std::all_of(v.items().begin(), v.items().end(), is_primitive)) {
      add_config(body.block(key), v, scope);
    } else if (v.is_array() && v.items().empty()) {
      continue;
    } else if (v.is_array() && std::all_of(v.items().begin(), v.items().end(), [](const Value& e) { return e.is_object(); })) {
      for (const auto& item : v.items()) add_config(body.block(key), item, scope);
    } else {
      body.attribute(key, hcl_expression(v, scope));
    }
  }
}

}  // namespace kiln::upgrade
