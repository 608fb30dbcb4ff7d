// One run's evaluation of an HCL2 template: variables, locals, then the builds.
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "kiln/version.hpp"
#include "template/hcl2/builds.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/locals.hpp"
#include "template/hcl2/variables.hpp"

namespace kiln::hcl2 {
namespace {

void unsupported_blocks(const HclTemplate& hcl, Scope& scope) {
  for (const auto& file : hcl.files)
    for (const auto& block : file.body.blocks)
      if (block.type == "data")
        add(scope.problems, block.type_range, "Unsupported data source",
            fmt::format("kiln does not run data sources yet (data \"{}\").", block.labels.empty() ? "" : block.labels[0]));
}

}  // namespace

Materialized materialize(const Template& t, const VariableInput& input, const Environment& env,
                         const Registry& registry, const std::function<void(const std::string&)>& secret) {
  const HclTemplate& hcl = *t.hcl2;
  Scope scope;
  scope.functions = hcl::packer_functions(t.dir);
  scope.root.functions = &scope.functions;
  scope.secret = secret;
  std::error_code ec;
  scope.root.variables["path"] = hcl::Value::object(
      {{"root", hcl::Value::string(t.dir)}, {"cwd", hcl::Value::string(std::filesystem::current_path(ec).string())}});
  scope.root.variables["packer"] = hcl::Value::object({{"version", hcl::Value::string(packer_compat_version)}});

  Materialized out;
  out.tmpl.path = t.path;
  out.tmpl.dir = t.dir;
  out.tmpl.hcl2 = t.hcl2;
  unsupported_blocks(hcl, scope);
  auto variables = resolve_variables(hcl, input, env, scope);
  scope.root.variables["var"] = hcl::Value::object(variables);
  for (const auto& [name, value] : variables) out.variables[name] = display_text(value);
  resolve_locals(hcl, scope);
  if (scope.problems.empty()) add_builds(hcl, registry, scope, out.tmpl);
  scope.problems.throw_if_any();
  return out;
}

void preview(Template& t) {
  Scope scope;
  scope.functions = hcl::packer_functions(t.dir);
  scope.root.functions = &scope.functions;
  scope.secret = [](const std::string&) {};
  std::set<std::string> sensitive;
  for (const auto& [name, value] : resolve_variables(*t.hcl2, {}, Environment(), scope, &sensitive)) {
    Variable v{name, std::nullopt, Position{t.path}, sensitive.count(name) > 0};
    if (value.is_wholly_known()) v.default_value = display_text(value);
    t.variables.push_back(std::move(v));
  }
  try {
    t.builders = materialize(t, {}, Environment(), *Registry::with_builtins(), scope.secret).tmpl.builders;
  } catch (const Error&) {
    // The builds need values the caller has not given yet: listed once a run has them.
  }
}

}  // namespace kiln::hcl2
