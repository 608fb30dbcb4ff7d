// kiln console's evaluation (Packer 1.6.6's EvaluateExpression of a JSON template's Core and of an
// HCL2 template's PackerConfig).
#include "kiln/console.hpp"

#include <fmt/format.h>

#include "runner/console_format.hpp"
#include "hcl/config_value.hpp"
#include "kiln/events.hpp"
#include "kiln/interpolate.hpp"
#include "template/hcl2/hcl2.hpp"
#include "util/go_quote.hpp"

namespace kiln {

struct Console::Impl {
  Template tmpl;
  EventBus secrets;  // masks every sensitive value in what is returned
  std::unique_ptr<hcl2::ExpressionScope> hcl;
  std::map<std::string, std::string> user;  // JSON: the resolved user variables
  InterpContext ctx;                        // JSON
};

namespace {

std::string hcl_text(const hcl::Value& v) {
  return v.is_wholly_known() ? console_value_text(hcl::to_config(v)) : "<unknown>";
}

}  // namespace

Console::Console(const Template& t, const BuildOptions& options) : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.tmpl = t;
  EnvironmentPtr env = options.environment ? options.environment : Environment::capture();
  auto secret = [&s](const std::string& value) { s.secrets.add_secret(value); };
  for (const auto& var : t.variables) {
    if (!var.sensitive) continue;
    if (var.default_value) secret(*var.default_value);
    for (const auto& item : options.variables.items)
      if (item.file.empty() && item.key == var.name) secret(item.value);
  }
  try {
    if (t.hcl2) {
      s.hcl = std::make_unique<hcl2::ExpressionScope>(s.tmpl, options.variables, env, secret);
      return;
    }
    s.user = resolve_variables(s.tmpl, options.variables, env, secret);
  } catch (...) {
    rethrow_masked(s.secrets);
  }
  for (const auto& var : t.variables)
    if (var.sensitive)
      if (auto it = s.user.find(var.name); it != s.user.end()) secret(it->second);
  s.ctx.run = make_run_constants();
  s.ctx.user = &s.user;
  s.ctx.template_dir = t.dir;
  s.ctx.environment = env;
}

Console::~Console() = default;

bool Console::hcl2() const { return impl_->hcl != nullptr; }

Console::Result Console::evaluate(std::string_view line) const {
  const Impl& s = *impl_;
  Result r;
  if (line.empty()) return r;
  if (line == "variables") {
    r.text = variables_listing();
    return r;
  }
  if (s.hcl) {
    hcl::Diagnostics diagnostics;
    hcl::Value v = s.hcl->evaluate(line, "<console-input>", diagnostics);
    for (const auto& d : diagnostics) r.problems.push_back({s.secrets.mask(d.summary), s.secrets.mask(d.detail)});
    if (!r.ok()) return r;
    r.text = s.secrets.mask(hcl_text(v));
    return r;
  }
  try {
    r.text = s.secrets.mask(interpolate(line, s.ctx));
  } catch (const Error& e) {
    r.problems.push_back({"Interpolation error", s.secrets.mask(e.what())});
  }
  return r;
}

std::string Console::variables_listing() const {
  const Impl& s = *impl_;
  std::string out;
  if (s.hcl) {
    auto quoted = [&](const hcl::Value& v) { return go_quote(s.secrets.mask(hcl_text(v))); };
    out = "> input-variables:\n\n";
    for (const auto& [name, v] : s.hcl->variables()) out += fmt::format("var.{}: {}\n", name, quoted(v));
    out += "\n> local-variables:\n\n";
    for (const auto& [name, v] : s.hcl->locals()) out += fmt::format("local.{}: {}\n", name, quoted(v));
    return out;
  }
  out = "\n";
  for (const auto& [name, value] : s.user) out += fmt::format("{}: {},\n", name, s.secrets.mask(value));
  return out;
}

}  // namespace kiln
