#include "template/fix/decode.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace kiln::fix {

const char* go_kind(const Value& v) {
  switch (v.type()) {
    case Value::Type::String: return "string";
    case Value::Type::Number: return "float64";
    case Value::Type::Bool: return "bool";
    case Value::Type::Array: return "slice";
    case Value::Type::Object: return "map";
    case Value::Type::Null: return "invalid";
  }
  return "invalid";
}

bool equal_fold(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

std::string decoding_errors(std::vector<std::string> errors) {
  for (auto& e : errors) e = "* " + e;
  std::sort(errors.begin(), errors.end());
  std::string joined;
  for (const auto& e : errors) joined += (joined.empty() ? "" : "\n") + e;
  return fmt::format("{} error(s) decoding:\n\n{}", errors.size(), joined);
}

namespace {

void check_list(const Value* v, std::string_view name) {
  if (v && !v->is_null() && !v->is_array())
    throw Error(decoding_errors({fmt::format("'{}': source data must be an array or slice, got {}", name, go_kind(*v))}),
                ErrorCode::Template);
}

}  // namespace

const Value* root_field(const Value& tpl, std::string_view field) {
  if (const Value* exact = tpl.find(field)) return exact;
  for (size_t i = 0; i < tpl.keys().size(); ++i)
    if (equal_fold(tpl.keys()[i], field)) return &tpl.member(i);
  return nullptr;
}

std::vector<Value*> builder_maps(Value& tpl) {
  const Value* source = root_field(tpl, "Builders");
  check_list(source, "Builders");
  std::vector<std::string> errors;
  if (source && source->is_array())
    for (size_t i = 0; i < source->items().size(); ++i) {
      const Value& b = source->items()[i];
      if (!b.is_object() && !b.is_null())
        errors.push_back(fmt::format("'Builders[{}]' expected a map, got '{}'", i, go_kind(b)));
    }
  if (!errors.empty()) throw Error(decoding_errors(std::move(errors)), ErrorCode::Template);
  tpl.set("builders", source ? Value(*source) : Value::null());
  std::vector<Value*> out;
  for (Value& b : tpl.find("builders")->items())
    if (b.is_object()) out.push_back(&b);
  return out;
}

std::vector<Value*> post_processor_maps(Value& tpl) {
  Value* pps = tpl.find("post-processors");
  if (!pps || pps->is_null()) return {};
  check_list(pps, "post-processors");
  std::vector<Value*> out;
  for (Value& pp : pps->items()) {
    if (pp.is_object()) out.push_back(&pp);
    else if (pp.is_array())
      for (Value& inner : pp.items())
        if (inner.is_object()) out.push_back(&inner);
  }
  return out;
}

Value* weak_list(Value& tpl, std::string_view field, std::string_view key) {
  const Value* source = root_field(tpl, field);
  if (!source || source->is_null() || (source->is_object() && source->size() == 0)) return nullptr;
  Value list = Value::array();
  if (source->is_array()) list = *source;
  else list.push(*source);
  if (list.items().empty()) return nullptr;
  tpl.set(std::string(key), std::move(list));
  return tpl.find(key);
}

Value weak_map(const Value& v, const std::string& name) {
  if (v.is_object()) return v;
  if (v.is_null()) return Value::object();
  if (!v.is_array()) throw Error(fmt::format("'{}' expected a map, got '{}'", name, go_kind(v)), ErrorCode::Template);
  Value merged = Value::object();
  for (size_t i = 0; i < v.items().size(); ++i) {
    Value part = weak_map(v.items()[i], fmt::format("{}[{}]", name, i));
    for (size_t k = 0; k < part.keys().size(); ++k) merged.set(part.keys()[k], part.member(k));
  }
  return merged;
}

}  // namespace kiln::fix
