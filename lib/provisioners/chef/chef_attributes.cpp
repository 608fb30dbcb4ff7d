#include "provisioners/chef/chef_attributes.hpp"

#include <map>

#include "template/fix/go_json.hpp"

namespace kiln {
namespace {

std::string escaped_for_json_string(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string chef_attributes(const Value& json, const std::vector<std::string>& run_list, const InterpContext& interp) {
  std::map<std::string, std::string> user;
  if (interp.user)
    for (const auto& [name, value] : *interp.user) user[name] = escaped_for_json_string(value);
  InterpContext render = interp;
  render.user = &user;
  render.data.clear();
  Value attributes;
  try {
    attributes = fix::decode_go_json(interpolate_fully(fix::encode_go_json(json), render));
  } catch (const Error& e) {
    throw Error(std::string("Error processing user variables in JSON: ") + e.what(), ErrorCode::Build);
  }
  if (!run_list.empty()) {
    Value list = Value::array();
    for (const auto& item : run_list) list.push(Value::string(item));
    attributes.set("run_list", std::move(list));
  }
  std::string text = fix::encode_go_json(attributes);
  text.pop_back();  // Encode's newline; MarshalIndent writes none
  return text;
}

}  // namespace kiln
