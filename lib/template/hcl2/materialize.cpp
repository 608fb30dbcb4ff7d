// One run's evaluation of an HCL2 template: variables, locals and data sources, then the builds.
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "hcl/parser.hpp"
#include "kiln/version.hpp"
#include "template/hcl2/aws_functions.hpp"
#include "template/hcl2/builds.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/locals.hpp"
#include "template/hcl2/scope.hpp"
#include "template/hcl2/variables.hpp"

namespace kiln::hcl2 {
namespace {

// Fills the root context: path, packer, var, then locals and data sources; returns the variables.
// Problems are left in scope.problems.
std::map<std::string, hcl::Value> fill_root(Scope& scope, const Template& t, const VariableInput& input,
                                            const Environment& env,
                                            const std::function<void(const std::string&)>& secret) {
  scope.functions = hcl::packer_functions(t.dir);
  scope.root.functions = &scope.functions;
  scope.secret = secret;
  if (!scope.environment) scope.environment = EnvironmentPtr(EnvironmentPtr{}, &env);  // not owned: the caller's
  add_aws_functions(scope);
  std::error_code ec;
  scope.root.variables["path"] = hcl::Value::object(
      {{"root", hcl::Value::string(t.hcl2->path_root)}, {"cwd", hcl::Value::string(std::filesystem::current_path(ec).string())}});
  scope.root.variables["packer"] = hcl::Value::object({{"version", hcl::Value::string(packer_compat_version)}});
  auto variables = resolve_variables(*t.hcl2, input, env, scope);
  scope.root.variables["var"] = hcl::Value::object(variables);
  resolve_locals(*t.hcl2, scope);
  return variables;
}

Materialized materialize_in(Scope& scope, const Template& t, const VariableInput& input, const Environment& env,
                            const Registry& registry, const std::function<void(const std::string&)>& secret) {
  Materialized out;
  out.tmpl.path = t.path;
  out.tmpl.dir = t.dir;
  out.tmpl.hcl2 = t.hcl2;
  for (const auto& [name, value] : fill_root(scope, t, input, env, secret)) out.variables[name] = display_text(value);
  if (scope.problems.empty()) add_builds(*t.hcl2, registry, scope, out.tmpl);
  with_source_lines(scope.problems, *t.hcl2).throw_if_any();
  for (const auto& w : scope.problems.warnings()) out.tmpl.warnings.push_back(Problem{{}, {}, w});
  return out;
}

}  // namespace

Materialized materialize(const Template& t, const VariableInput& input, const Environment& env,
                         const Registry& registry, const std::function<void(const std::string&)>& secret) {
  Scope scope;
  return materialize_in(scope, t, input, env, registry, secret);
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
    Scope offline;
    offline.run_data_sources = false;  // a listing must not call out to AWS
    t.builders = materialize_in(offline, t, {}, Environment(), *Registry::with_builtins(), scope.secret).tmpl.builders;
  } catch (const Error&) {
    // The builds need values the caller has not given yet: listed once a run has them.
  }
}

ExpressionScope::ExpressionScope(const Template& t, const VariableInput& input, EnvironmentPtr env,
                                 const std::function<void(const std::string&)>& secret)
    : scope_(std::make_unique<Scope>()) {
  scope_->environment = env;
  variables_ = fill_root(*scope_, t, input, *env, secret);
  with_source_lines(scope_->problems, *t.hcl2).throw_if_any();
  locals_ = scope_->root.variables["local"].attributes();
}

ExpressionScope::~ExpressionScope() = default;

hcl::Value ExpressionScope::evaluate(std::string_view text, const std::string& origin,
                                     hcl::Diagnostics& diagnostics) const {
  hcl::ParsedExpr parsed = hcl::parse_expression(text, origin);
  diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  if (!parsed.diagnostics.empty() || !parsed.expr) return hcl::Value::unknown(hcl::Type::dynamic());
  return hcl::evaluate(*parsed.expr, scope_->root, diagnostics);
}

}  // namespace kiln::hcl2
