// Template::parse — the structure of a Packer 1.6.6 JSON template, checked as `packer validate
// -syntax-only` checks it.
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "kiln/config.hpp"
#include "kiln/template.hpp"
#include "template/hcl2/hcl2.hpp"
#include "template/number_text.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

const std::vector<std::string>& root_keys() {
  static const std::vector<std::string> keys = {"min_packer_version", "description", "variables", "sensitive-variables",
                                                "builders", "provisioners", "post-processors", "push",
                                                "error-cleanup-provisioner"};
  return keys;
}

std::vector<std::string> string_list(const Value* v, const std::string& path, Problems& problems) {
  std::vector<std::string> out;
  if (!v || v->is_null()) return out;
  if (v->is_string()) return {v->as_string()};
  if (!v->is_array()) {
    problems.add(v->pos(), path, "expected a list of strings");
    return out;
  }
  for (const auto& item : v->items()) {
    if (item.is_string()) out.push_back(item.as_string());
    else problems.add(item.pos(), path, "expected a list of strings");
  }
  return out;
}

std::chrono::nanoseconds duration_key(const Value* v, const std::string& path, Problems& problems) {
  if (!v || v->is_null()) return {};
  if (v->is_number()) return std::chrono::nanoseconds(v->as_int());
  if (v->is_string()) {
    try {
      return parse_go_duration(v->as_string());
    } catch (const Error& e) {
      problems.add(v->pos(), path, e.what());
      return {};
    }
  }
  problems.add(v->pos(), path, "expected a duration such as \"5m\"");
  return {};
}

// Splits a block into its type, the common keys, and the plugin's own configuration.
PluginBlock read_block(const Value& v, const std::string& path, const char* what, Problems& problems) {
  PluginBlock b;
  b.pos = v.pos();
  b.path = path;
  if (!v.is_object()) {
    problems.add(v.pos(), path, fmt::format("{} must be an object", what));
    return b;
  }
  b.config = v;
  const Value* type = v.find("type");
  if (!type || !type->is_string() || type->as_string().empty()) {
    problems.add(v.pos(), path, fmt::format("{} is missing \"type\"", what));
  } else {
    b.type = type->as_string();
  }
  if (const Value* name = v.find("name"); name && name->is_string()) b.name = name->as_string();
  b.only = string_list(v.find("only"), path + ".only", problems);
  b.except = string_list(v.find("except"), path + ".except", problems);
  for (const char* key : {"type", "only", "except"}) b.config.erase(key);
  return b;
}

PluginBlock read_provisioner(const Value& v, const std::string& path, Problems& problems) {
  PluginBlock b = read_block(v, path, "provisioner", problems);
  if (!v.is_object()) return b;
  if (const Value* o = v.find("override")) {
    if (o->is_object()) b.override_ = *o;
    else problems.add(o->pos(), path + ".override", "expected an object of build name to settings");
  }
  b.pause_before = duration_key(v.find("pause_before"), path + ".pause_before", problems);
  b.timeout = duration_key(v.find("timeout"), path + ".timeout", problems);
  if (const Value* r = v.find("max_retries")) {
    // An int, as a number or in a string; one out of int's range is an error, as in Packer.
    const std::string& s = r->as_string();
    bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
    int retries = 0;
    if (r->is_number() && std::abs(r->as_number()) <= std::numeric_limits<int>::max()) b.max_retries = static_cast<int>(r->as_int());
    else if (r->is_string() && digits && std::from_chars(s.data(), s.data() + s.size(), retries).ec == std::errc()) b.max_retries = retries;
    else if (!(r->is_string() && r->as_string().empty())) problems.add(r->pos(), path + ".max_retries", "expected an integer");
  }
  for (const char* key : {"name", "override", "pause_before", "timeout", "max_retries"}) b.config.erase(key);
  return b;
}

PluginBlock read_post_processor(const Value& v, const std::string& path, Problems& problems) {
  if (v.is_string()) {
    PluginBlock b;
    b.type = v.as_string();
    b.pos = v.pos();
    b.path = path;
    b.config = Value::object(v.pos());
    return b;
  }
  PluginBlock b = read_block(v, path, "post-processor", problems);
  if (!v.is_object()) return b;
  if (const Value* k = v.find("keep_input_artifact")) {
    if (k->is_bool()) b.keep_input_artifact = k->as_bool();
    else if (k->is_string() && (k->as_string() == "true" || k->as_string() == "false")) b.keep_input_artifact = k->as_string() == "true";
    else problems.add(k->pos(), path + ".keep_input_artifact", "expected a boolean");
  }
  for (const char* key : {"name", "keep_input_artifact"}) b.config.erase(key);
  return b;
}

void read_variables(const Value& v, Template& t, Problems& problems) {
  if (!v.is_object()) {
    problems.add(v.pos(), "variables", "expected an object of variable names to default values");
    return;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    Variable var;
    var.name = v.keys()[i];
    var.pos = v.key_pos(i);
    const Value& d = v.member(i);
    switch (d.type()) {
      case Value::Type::Null: break;
      case Value::Type::String: var.default_value = d.as_string(); break;
      case Value::Type::Bool: var.default_value = d.as_bool() ? "true" : "false"; break;
      case Value::Type::Number:
        var.default_value = number_text(d);
        break;
      default:
        problems.add(d.pos(), "variables." + var.name, "a variable's default must be a string, number, boolean or null");
    }
    t.variables.push_back(std::move(var));
  }
}

}  // namespace

bool PluginBlock::applies_to(const std::string& build, size_t builder_index) const {
  if (builder && *builder != builder_index) return false;
  auto listed = [&](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), build) != names.end();
  };
  if (!only.empty() && !listed(only)) return false;
  return !listed(except);
}

Template Template::load(const std::string& path) {
  if (hcl2::is_hcl2_path(path)) return hcl2::load(path);
  std::string text = read_input_file(path, "template");
  std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
  return parse(text, path, dir.string());
}

Template Template::parse(std::string_view text, const std::string& origin, const std::string& dir) {
  if (origin.ends_with(".pkr.hcl") || origin.ends_with(".pkr.json")) return hcl2::parse(text, origin, dir);
  Template t;
  t.path = origin;
  t.dir = std::filesystem::absolute(dir).lexically_normal().string();
  if (t.dir.size() > 1 && t.dir.back() == '/') t.dir.pop_back();
  ParseOutcome parsed = parse_json(text, origin);
  t.has_trailing_commas = parsed.trailing_commas;
  if (parsed.comments)
    t.warnings.push_back(Problem{Position{origin}, {}, "the template uses // or /* */ comments, which Packer rejects"});
  if (parsed.trailing_commas)
    t.warnings.push_back(Problem{Position{origin}, {}, "the template uses trailing commas, which Packer rejects"});
  const Value& root = parsed.value;
  Problems problems;
  if (!root.is_object()) {
    problems.add(root.pos(), {}, "a template must be a JSON object");
    problems.throw_if_any();
  }
  for (size_t i = 0; i < root.size(); ++i) {
    const std::string& key = root.keys()[i];
    if (key.starts_with("_") || std::find(root_keys().begin(), root_keys().end(), key) != root_keys().end()) continue;
    std::string hint = did_you_mean(key, root_keys());
    problems.add(root.key_pos(i), {},
                 hint.empty() ? fmt::format("unknown root level key \"{}\"", key)
                              : fmt::format("unknown root level key \"{}\" (did you mean \"{}\"?)", key, hint));
  }
  auto text_key = [&](const char* key, std::string& out) {
    if (const Value* v = root.find(key)) {
      if (v->is_string()) out = v->as_string();
      else problems.add(v->pos(), key, "expected a string");
    }
  };
  text_key("description", t.description);
  text_key("min_packer_version", t.min_packer_version);
  if (const Value* v = root.find("variables")) read_variables(*v, t, problems);
  for (const auto& name : string_list(root.find("sensitive-variables"), "sensitive-variables", problems)) {
    for (auto& var : t.variables)
      if (var.name == name) var.sensitive = true;
  }
  auto list_of = [&](const char* key) -> const std::vector<Value>* {
    const Value* v = root.find(key);
    if (!v || v->is_null()) return nullptr;
    if (!v->is_array()) {
      problems.add(v->pos(), key, "expected a list");
      return nullptr;
    }
    return &v->items();
  };
  if (auto builders = list_of("builders")) {
    std::set<std::string> names;
    for (size_t i = 0; i < builders->size(); ++i) {
      std::string path = fmt::format("builders[{}]", i);
      PluginBlock b = read_block((*builders)[i], path, "builder", problems);
      b.config.erase("name");
      if (b.name.empty()) b.name = b.type;
      if (!b.name.empty() && !names.insert(b.name).second)
        problems.add(b.pos, path, fmt::format("a builder named \"{}\" already exists", b.name));
      t.builders.push_back(std::move(b));
    }
  }
  if (auto provisioners = list_of("provisioners")) {
    for (size_t i = 0; i < provisioners->size(); ++i)
      t.provisioners.push_back(read_provisioner((*provisioners)[i], fmt::format("provisioners[{}]", i), problems));
  }
  if (const Value* cleanup = root.find("error-cleanup-provisioner"))
    t.error_cleanup_provisioners.push_back(read_provisioner(*cleanup, "error-cleanup-provisioner", problems));
  if (auto pps = list_of("post-processors")) {
    for (size_t i = 0; i < pps->size(); ++i) {
      const Value& item = (*pps)[i];
      std::string path = fmt::format("post-processors[{}]", i);
      std::vector<PluginBlock> sequence;
      if (item.is_array()) {
        for (size_t j = 0; j < item.items().size(); ++j) {
          const Value& inner = item.items()[j];
          std::string inner_path = fmt::format("{}[{}]", path, j);
          if (inner.is_string() || inner.is_object()) sequence.push_back(read_post_processor(inner, inner_path, problems));
          else problems.add(inner.pos(), inner_path, "a post-processor must be a type name or an object");
        }
      } else if (item.is_string() || item.is_object()) {
        sequence.push_back(read_post_processor(item, path, problems));
      } else {
        problems.add(item.pos(), path, "a post-processor must be a type name, an object, or a list of them");
      }
      t.post_processors.push_back(std::move(sequence));
    }
  }
  problems.throw_if_any();
  return t;
}

const Variable* Template::variable(const std::string& name) const {
  for (const auto& v : variables)
    if (v.name == name) return &v;
  return nullptr;
}

const PluginBlock* Template::builder(const std::string& name) const {
  for (const auto& b : builders)
    if (b.name == name) return &b;
  return nullptr;
}

}  // namespace kiln
