// Variable resolution with Packer 1.6.6's precedence: defaults, then -var-file files in order, then -var;
// every value then rendered ({{env}}, {{user}}) as Packer renders them.
#include <fmt/format.h>

#include <set>
#include <string_view>
#include <vector>

#include "kiln/interpolate.hpp"
#include "kiln/template.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

struct Unresolved {};  // a {{user}} read of a variable without a value yet

bool is_go_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && is_go_space(s[i])) ++i;
  return i;
}

// Packer's isDoneInterpolating regexp, {{\s*user\s*`.*`\s*}}, in one pass: an opening "{{ user `"
// and, later on the same line, a "`" closed by "}}".
bool calls_user(std::string_view s) {
  bool open = false;  // an opening seen on this line
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      open = false;
    } else if (s[i] == '`' && open) {
      size_t j = skip_space(s, i + 1);
      if (s.substr(j, 2) == "}}") return true;
    }
    if (!open && s.substr(i, 2) == "{{") {
      size_t j = skip_space(s, i + 2);
      if (s.substr(j, 4) != "user") continue;
      j = skip_space(s, j + 4);
      if (j < s.size() && s[j] == '`') {
        open = true;
        i = j;
      }
    }
  }
  return false;
}

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
  // A sensitive value from a file is masked before anything can quote it (a failed rendering does).
  if (secret)
    for (const auto& var : t.variables)
      if (auto it = given.find(var.name); var.sensitive && it != given.end()) secret(it->second);
  Problems problems;
  // Defaults and given values alike (declared or not) may use {{env}} and other variables, as in
  // Packer's renderVarsRecursively.
  std::map<std::string, std::string> pending = given;
  for (const auto& var : t.variables) {
    if (given.count(var.name)) continue;
    if (var.default_value) pending[var.name] = *var.default_value;
    else problems.add(var.pos, "variables." + var.name, fmt::format("required variable not set: {}", var.name));
  }
  problems.throw_if_any();
  auto position = [&](const std::string& name) {
    const Variable* var = t.variable(name);
    return var ? var->pos : Position{t.path};
  };
  auto run = make_run_constants();
  // A default is final once every {{user}} it reads is resolved. As in Packer, passes go over the
  // defaults in name order; a default is rendered again only when something it waited for is
  // resolved (in this pass when it comes after that, else in the next), not in every pass: a long
  // chain would take as many passes as links, each rendering every default left.
  std::set<std::string> ready;
  for (const auto& [name, text] : pending) ready.insert(name);
  std::map<std::string, std::vector<std::string>> waiters;  // a pending name → defaults waiting for it
  std::vector<std::pair<std::string, std::string>> unset;   // reading an undefined variable: name, error
  bool rendered_a_user_call = false;
  while (!ready.empty()) {
    std::set<std::string> next_pass;
    auto settle = [&](const std::string& name) {  // name left pending: wake what waited for it
      pending.erase(name);
      auto it = waiters.find(name);
      if (it == waiters.end()) return;
      for (const auto& waiter : it->second)  // some have settled already, no longer reading name
        if (pending.count(waiter)) (waiter > name ? ready : next_pass).insert(waiter);
      waiters.erase(it);
    };
    for (auto it = ready.begin(); it != ready.end(); it = ready.begin()) {
      std::string name = *it;
      ready.erase(it);
      std::set<std::string> waits_for, undefined;
      InterpContext ctx;
      ctx.run = run;
      ctx.user = &values;
      ctx.allow_env = true;
      ctx.environment = environment;
      ctx.template_dir = t.dir;
      // As Packer's: reading a variable not yet known stops the rendering (no function sees "" for it).
      ctx.on_undefined_user = [&](const std::string& used) {
        (pending.count(used) ? waits_for : undefined).insert(used);
        throw Unresolved{};
      };
      ctx.on_secret = secret;
      std::string rendered;
      try {
        rendered = interpolate(pending.at(name), ctx);
      } catch (const Unresolved&) {
      } catch (const Error& e) {
        problems.add(position(name), "variables." + name, e.what());
        settle(name);
        continue;
      }
      if (!undefined.empty()) {
        unset.push_back({name, fmt::format("Failed to interpolate \"{}\": \"{}\"; error: variable not set: {}: Please "
                                           "make sure that the variable you're referencing has been defined; Packer "
                                           "treats all variables used to interpolate other user variables as required.",
                                           name, pending.at(name), *undefined.begin())});
        settle(name);
        continue;
      }
      if (!waits_for.empty()) {
        for (const auto& used : waits_for) waiters[used].push_back(name);
        continue;
      }
      if (!rendered_a_user_call) rendered_a_user_call = calls_user(pending.at(name));
      values[name] = rendered;
      settle(name);
    }
    ready = std::move(next_pass);
  }
  for (const auto& [name, text] : pending)
    problems.add(position(name), "variables." + name, "variable defaults refer to each other in a cycle");
  // Packer 1.6.6 reports an undefined variable only when its last pass rendered nothing: a rendered
  // value calling {{user}} is rendered again in every pass, so then it says nothing, keeps a given value
  // as given and leaves a default unset.
  if (!rendered_a_user_call)
    for (const auto& [name, message] : unset) problems.add(position(name), "variables." + name, message);
  else
    for (const auto& [name, message] : unset)
      if (auto it = given.find(name); it != given.end()) values[name] = it->second;
  problems.throw_if_any();
  return values;
}

}  // namespace kiln
