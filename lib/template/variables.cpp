// Variable resolution with Packer 1.6.6's precedence: defaults, then -var-file files in order, then -var.
#include <fmt/format.h>

#include "kiln/interpolate.hpp"
#include "kiln/template.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

void apply_var_file(const std::string& path, std::map<std::string, std::string>& values) {
  Value root = parse_json(read_input_file(path, "variables file"), path).value;
  Problems problems;
  if (!root.is_object()) {
    problems.add(root.pos(), {}, "a variables file must be a JSON object of names to strings");
    problems.throw_if_any();
  }
  for (size_t i = 0; i < root.size(); ++i) {
    const Value& v = root.member(i);
    // Packer decodes the file into a map of strings: null leaves the zero value, "".
    if (v.is_string()) values[root.keys()[i]] = v.as_string();
    else if (v.is_null()) values[root.keys()[i]] = "";
    else problems.add(v.pos(), root.keys()[i], fmt::format("expected a string, got {}", Value::type_name(v.type())));
  }
  problems.throw_if_any();
}

}  // namespace

std::map<std::string, std::string> resolve_variables(const Template& t, const VariableInput& input,
                                                     const EnvironmentPtr& environment,
                                                     const std::function<void(const std::string&)>& secret) {
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> given;
  // Packer merges every -var-file first, then lays the -var pairs over them wherever they stood.
  for (const auto& item : input.items)
    if (!item.file.empty()) apply_var_file(item.file, given);
  for (const auto& item : input.items)
    if (item.file.empty()) given[item.key] = item.value;
  Problems problems;
  // Defaults may use {{env}} and other variables; render until nothing changes, as Packer does.
  std::map<std::string, std::string> pending;
  for (const auto& var : t.variables) {
    if (auto it = given.find(var.name); it != given.end()) values[var.name] = it->second;
    else if (var.default_value) pending[var.name] = *var.default_value;
    else problems.add(var.pos, "variables." + var.name, fmt::format("required variable not set: {}", var.name));
  }
  problems.throw_if_any();
  auto run = make_run_constants();
  // A default is final once every {{user}} it reads is resolved; a few passes settle chains.
  while (!pending.empty()) {
    bool progressed = false;
    for (auto it = pending.begin(); it != pending.end();) {
      bool waits = false;
      InterpContext ctx;
      ctx.run = run;
      ctx.user = &values;
      ctx.allow_env = true;
      ctx.environment = environment;
      ctx.template_dir = t.dir;
      ctx.on_undefined_user = [&](const std::string& name) { waits = waits || pending.count(name); };
      ctx.on_secret = secret;
      std::string rendered;
      try {
        rendered = interpolate(it->second, ctx);
      } catch (const Error& e) {
        const Variable* var = t.variable(it->first);
        problems.add(var ? var->pos : Position{t.path}, "variables." + it->first, e.what());
        it = pending.erase(it);
        continue;
      }
      if (waits) {
        ++it;
        continue;
      }
      values[it->first] = rendered;
      it = pending.erase(it);
      progressed = true;
    }
    if (!progressed) {
      for (const auto& [name, text] : pending)
        problems.add(t.variable(name)->pos, "variables." + name, "variable defaults refer to each other in a cycle");
      break;
    }
  }
  problems.throw_if_any();
  // Values given for undeclared variables are kept: {{user}} can still read them.
  for (auto& [k, v] : given) values.emplace(k, v);
  return values;
}

}  // namespace kiln
