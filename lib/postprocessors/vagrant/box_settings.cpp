#include "postprocessors/vagrant/box_settings.hpp"

#include <algorithm>
#include <strings.h>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "template/fix/go_json.hpp"

namespace kiln::vagrant {
namespace {

// reflect.Kind's name, which mapstructure's slice and map errors print.
const char* go_kind_of(const Value& v) {
  switch (v.type()) {
    case Value::Type::Array: return "slice";
    case Value::Type::Object: return "map";
    default: return fix::go_type(v);
  }
}

// Decoders for each setting's Go type; a null leaves the setting as it was.
void decode_string(const std::string& name, const Value& v, std::string& out, std::vector<std::string>& errors) {
  if (v.is_string()) {
    out = v.as_string();
  } else if (!v.is_null()) {
    errors.push_back(fix::unconvertible(name, "string", v));
  }
}

void decode_int(const std::string& name, const Value& v, int64_t& out, std::vector<std::string>& errors) {
  if (v.is_number()) {
    // Go's int(float64) on amd64: truncated, and the minimum for what does not fit.
    double d = v.as_number();
    out = d > -9.2e18 && d < 9.2e18 ? static_cast<int64_t>(d) : INT64_MIN;
  } else if (!v.is_null()) {
    errors.push_back(fix::unconvertible(name, "int", v));
  }
}

void decode_bool(const std::string& name, const Value& v, bool& out, std::vector<std::string>& errors) {
  if (v.is_bool()) {
    out = v.as_bool();
  } else if (!v.is_null()) {
    errors.push_back(fix::unconvertible(name, "bool", v));
  }
}

void decode_strings(const std::string& name, const Value& v, std::vector<std::string>& out,
                    std::vector<std::string>& errors) {
  if (v.is_null()) return;
  if (!v.is_array()) {
    errors.push_back(fmt::format("'{}': source data must be an array or slice, got {}", name, go_kind_of(v)));
    return;
  }
  out.assign(v.items().size(), "");
  for (size_t i = 0; i < v.items().size(); ++i) decode_string(fmt::format("{}[{}]", name, i), v.items()[i], out[i], errors);
}

// The member of `object` mapstructure matches to `key`: the exact name, else any that equals it
// ignoring case.
const Value* setting_member(const Value& object, const char* key) {
  if (const Value* exact = object.find(key)) return exact;
  for (size_t i = 0; i < object.size(); ++i)
    if (strcasecmp(object.keys()[i].c_str(), key) == 0) return &object.member(i);
  return nullptr;
}

}  // namespace

BoxSettings settings_for(const BoxSettings& base, const Value* overrides, const std::string& provider) {
  const Value* o = overrides && overrides->is_object() ? overrides->find(provider) : nullptr;
  if (!o || o->is_null()) return base;
  if (!o->is_object())
    throw Error(fmt::format("Error overriding config for {}: '' expected a map, got '{}'", provider, go_kind_of(*o)),
                ErrorCode::Build);
  BoxSettings s = base;
  std::vector<std::string> errors;
  if (const Value* v = setting_member(*o, "compression_level")) decode_int("compression_level", *v, s.compression_level, errors);
  if (const Value* v = setting_member(*o, "include")) decode_strings("include", *v, s.include, errors);
  if (const Value* v = setting_member(*o, "output")) decode_string("output", *v, s.output, errors);
  if (const Value* v = setting_member(*o, "vagrantfile_template"))
    decode_string("vagrantfile_template", *v, s.vagrantfile_template, errors);
  if (const Value* v = setting_member(*o, "vagrantfile_template_generated"))
    decode_bool("vagrantfile_template_generated", *v, s.vagrantfile_template_generated, errors);
  if (const Value* v = setting_member(*o, "provider_override"))
    decode_string("provider_override", *v, s.provider_override, errors);
  if (errors.empty()) return s;
  std::sort(errors.begin(), errors.end());
  throw Error(fmt::format("Error overriding config for {}: {} error(s) decoding:\n\n* {}", provider, errors.size(),
                          fmt::join(errors, "\n* ")),
              ErrorCode::Build);
}

}  // namespace kiln::vagrant
