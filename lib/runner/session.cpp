// Session: template + options → prepared builds (Packer's core.go), and running them in parallel
// (Packer's command/build.go).
#include <fnmatch.h>

#include <semaphore>
#include <thread>

#include <fmt/format.h>

#include "runner/prepared.hpp"
#include "kiln/version.hpp"
#include "template/hcl2/hcl2.hpp"
#include "util/go_duration.hpp"
#include "util/go_version.hpp"

namespace kiln {

using detail::BuildPlan;
using detail::PreparedPostProcessor;
using detail::PreparedProvisioner;

struct Session::Impl {
  Template tmpl;
  BuildOptions options;
  std::shared_ptr<Registry> registry;
  detail::SessionShared shared;
  std::vector<std::unique_ptr<Build>> builds;
  std::map<std::string, std::string> hcl2_variables;  // HCL2: each variable's value as text
};

namespace {

// -only/-except: Packer 1.6.6 compares a JSON template's names exactly and reads an HCL2 template's
// as glob patterns.
bool matches_any(const std::vector<std::string>& patterns, const std::string& name, bool glob) {
  for (const auto& p : patterns)
    if (glob ? fnmatch(p.c_str(), name.c_str(), 0) == 0 : p == name) return true;
  return false;
}

// Packer's min_packer_version check, in its words.
void check_min_version(const Template& t, Problems& problems) {
  if (t.min_packer_version.empty()) return;
  auto wanted = parse_go_version(t.min_packer_version);
  if (!wanted)
    problems.add(Position{t.path}, "min_packer_version",
                 fmt::format("min_version is invalid: Malformed version: {}", t.min_packer_version));
  else if (compare(*parse_go_version(packer_compat_version), *wanted) < 0)
    problems.add(Position{t.path}, "min_packer_version",
                 fmt::format("This template requires Packer version {} or higher; using {}", wanted->str(),
                             packer_compat_version));
}

// Checks the references between blocks that Packer's Template.Validate checks.
void validate_references(const Template& t, Problems& problems) {
  if (t.builders.empty() && !t.hcl2) problems.add(Position{t.path}, {}, "at least one builder must be defined");
  check_min_version(t, problems);
  auto check_names = [&](const PluginBlock& b, const std::vector<std::string>& names, const char* key) {
    for (const auto& name : names)
      if (!t.builder(name))
        problems.add(b.pos, b.path + "." + key, fmt::format("'{}' names build \"{}\", which does not exist", key, name));
  };
  auto check_block = [&](const PluginBlock& b) {
    check_names(b, b.only, "only");
    check_names(b, b.except, "except");
  };
  for (const auto& p : t.provisioners) {
    check_block(p);
    for (const auto& key : p.override_.keys())
      if (!t.builder(key))
        problems.add(p.pos, p.path + ".override", fmt::format("override names build \"{}\", which does not exist", key));
  }
  for (const auto& seq : t.post_processors)
    for (const auto& p : seq) check_block(p);
}

// The block's config with `override.<build>` keys laid over it.
Value with_override(const PluginBlock& b, const std::string& build) {
  Value config = b.config;
  if (const Value* o = b.override_.find(build); o && o->is_object())
    for (size_t i = 0; i < o->size(); ++i) config.set(o->keys()[i], o->member(i), o->key_pos(i));
  return config;
}

// The end of Packer's `build` command, line for line: errors, then each build's artifacts with the
// machine-readable records that CI scripts read (`artifact,0,id`).
void report(const std::shared_ptr<EventBus>& bus, bool cancelled, const std::vector<BuildResult>& results,
            std::chrono::nanoseconds took) {
  Ui global(bus, {});
  global.say(fmt::format("\n==> Wait completed after {}", durafmt_string(took)));
  if (cancelled) {
    global.say("Cleanly cancelled builds after being interrupted.");
    return;
  }
  size_t failed = 0;
  for (const auto& r : results) failed += r.ok ? 0 : 1;
  if (failed > 0) {
    global.machine("error-count", {std::to_string(failed)});
    global.error("\n==> Some builds didn't complete successfully and had errors:");
    for (const auto& r : results) {
      if (r.ok) continue;
      Ui(bus, r.name).machine("error", {r.error});
      global.error(fmt::format("--> {}: {}", r.name, r.error));
    }
  }
  bool any_artifact = false;
  for (const auto& r : results) any_artifact = any_artifact || (r.ok && !r.artifacts.empty());
  if (!any_artifact) {
    global.say("\n==> Builds finished but no artifacts were created.");
    return;
  }
  global.say("\n==> Builds finished. The artifacts of successful builds are:");
  for (const auto& r : results) {
    if (!r.ok || r.artifacts.empty()) continue;
    Ui build(bus, r.name);
    build.machine("artifact-count", {std::to_string(r.artifacts.size())});
    for (size_t i = 0; i < r.artifacts.size(); ++i) {
      const Artifact& a = *r.artifacts[i];
      const std::string index = std::to_string(i);
      build.machine("artifact", {index, "builder-id", a.builder_id()});
      build.machine("artifact", {index, "id", a.id()});
      build.machine("artifact", {index, "string", a.description()});
      const auto files = a.files();
      build.machine("artifact", {index, "files-count", std::to_string(files.size())});
      for (size_t f = 0; f < files.size(); ++f) build.machine("artifact", {index, "file", std::to_string(f), files[f]});
      build.machine("artifact", {index, "end"});
      build.emit(EventKind::Artifact, a.description());
    }
  }
}

}  // namespace

namespace detail {

InterpContext build_interp_context(const SessionShared& shared, const std::string& build_name,
                                   const std::string& build_type, const Ui& ui) {
  InterpContext ctx;
  ctx.run = shared.run;
  ctx.user = &shared.user_vars;
  ctx.template_dir = shared.tmpl->dir;
  ctx.environment = shared.options->environment;
  ctx.build_name = build_name;
  ctx.build_type = build_type;
  // At prepare time {{build `K`}} is a placeholder the build-time pass fills in (Packer 1.6.6).
  ctx.build = build_placeholder_data();
  // Once per build and variable, however many fields use it (prepare and run render them again).
  ctx.on_undefined_user = [ui, warned = shared.undefined_user_warned, build_name](const std::string& name) {
    if (warned->first(build_name + '\n' + name))
      ui.warn(fmt::format("variable \"{}\" is not defined; {{{{user `{}`}}}} expands to an empty string", name, name));
  };
  return ctx;
}

}  // namespace detail

Session::Session(Template tmpl, BuildOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->tmpl = std::move(tmpl);
  impl_->options = std::move(options);
  if (!impl_->options.environment) impl_->options.environment = Environment::capture();
  impl_->registry = impl_->options.registry ? impl_->options.registry : Registry::with_builtins();
  auto bus = impl_->options.events ? impl_->options.events : std::make_shared<EventBus>();
  impl_->shared = detail::SessionShared{&impl_->tmpl, &impl_->options, bus, make_run_constants(), {}};
}

Session::~Session() = default;

void Session::prepare() {
  try {
    prepare_builds();
  } catch (...) {
    rethrow_masked(*impl_->shared.bus);
  }
}

void Session::prepare_builds() {
  Impl& s = *impl_;
  const Template& t = s.tmpl;
  s.builds.clear();
  // Known before resolving, so that errors of the resolution itself are masked too.
  for (const auto& var : t.variables) {
    if (!var.sensitive) continue;
    if (var.default_value) s.shared.bus->add_secret(*var.default_value);
    for (const auto& item : s.options.variables.items)
      if (item.file.empty() && item.key == var.name) s.shared.bus->add_secret(item.value);
  }
  if (t.hcl2) {
    hcl2::Materialized m = hcl2::materialize(t, s.options.variables, *s.options.environment, *s.registry,
                                             [&](const std::string& value) { s.shared.bus->add_secret(value); });
    s.tmpl = std::move(m.tmpl);
    s.shared.user_vars.clear();
    s.hcl2_variables = std::move(m.variables);
  } else {
    s.shared.user_vars = resolve_variables(t, s.options.variables, s.options.environment,
                                           [&](const std::string& value) { s.shared.bus->add_secret(value); });
  }
  for (const auto& var : t.variables)
    if (var.sensitive)
      if (auto it = s.shared.user_vars.find(var.name); it != s.shared.user_vars.end()) s.shared.bus->add_secret(it->second);
  Ui global(s.shared.bus, {});
  // HCL2's warnings are Packer's diagnostic text, said as Packer says it; kiln's own (JSON comments) are warnings.
  for (const auto& w : t.warnings) {
    if (t.hcl2) global.say(w.message);
    else global.warn(w.str());
  }

  Problems problems;
  validate_references(t, problems);
  problems.throw_if_any();

  auto decode = [&](auto& plugin, const Value& raw, const InterpContext& ctx, const std::string& path) {
    Config config = decode_config(raw, plugin->schema(), ctx, path, problems);
    plugin->prepare(config, problems);
  };
  std::string warnings;
  const bool glob = t.hcl2 != nullptr;
  for (const auto& b : t.builders) {
    if (!s.options.only.empty() && !matches_any(s.options.only, b.name, glob)) continue;
    if (matches_any(s.options.except, b.name, glob)) continue;
    Ui ui(s.shared.bus, b.name);
    InterpContext ctx = detail::build_interp_context(s.shared, b.plugin_build_name(), b.type, ui);
    // As Packer 1.6.6, a build's warnings are shown only when all of its plugins prepared without error.
    const size_t problems_before = problems.list().size();
    std::string build_warnings;
    BuildPlan plan;
    plan.builder_block = &b;
    plan.builder = s.registry->builder(b.type);
    if (!plan.builder) {
      problems.add(b.pos, b.path, fmt::format("unknown builder type \"{}\"", b.type));
    } else {
      Problems builder_problems;
      Config config = decode_config(b.config, plan.builder->schema(), ctx, b.path, builder_problems);
      config.set_build(b.plugin_build_name(), s.options.force);
      plan.builder->prepare(config, builder_problems);
      // Packer shows each builder warning as a diagnostic, all in one say, before the builds run.
      for (const auto& w : builder_problems.warnings())
        build_warnings += fmt::format("Warning: Warning when preparing build: \"{}\"\n\n{}\n\n", b.name, w);
      problems.merge(builder_problems);
      ctx.build = build_placeholder_data(plan.builder->generated_data_keys());
    }
    auto provisioner = [&](const PluginBlock& p) -> std::optional<PreparedProvisioner> {
      PreparedProvisioner prepared{&p, with_override(p, b.name), s.registry->provisioner(p.type)};
      if (!prepared.plugin) {
        if (!p.type.empty()) problems.add(p.pos, p.path, fmt::format("unknown provisioner type \"{}\"", p.type));
        return std::nullopt;
      }
      decode(prepared.plugin, prepared.config, ctx, p.path);
      return prepared;
    };
    const size_t builder_index = static_cast<size_t>(&b - t.builders.data());
    for (const auto& p : t.provisioners) {
      if (!p.applies_to(b.name, builder_index)) continue;
      if (auto prepared = provisioner(p)) plan.provisioners.push_back(std::move(*prepared));
    }
    for (const auto& p : t.error_cleanup_provisioners) {
      if (!p.applies_to(b.name, builder_index)) continue;
      plan.cleanup_provisioner = provisioner(p);
      break;
    }
    for (const auto& seq : t.post_processors) {
      std::vector<PreparedPostProcessor> current;
      for (const auto& p : seq) {
        if (!p.applies_to(b.name, builder_index)) continue;
        // -except names post-processors too (by name, else type), and skips the rest of the sequence
        // with it, whose input it would have made.
        if (matches_any(s.options.except, p.name.empty() ? p.type : p.name, glob)) break;
        PreparedPostProcessor prepared{&p, s.registry->post_processor(p.type)};
        if (!prepared.plugin) {
          problems.add(p.pos, p.path, fmt::format("unknown post-processor type \"{}\"", p.type));
          continue;
        }
        decode(prepared.plugin, p.config, ctx, p.path);
        current.push_back(std::move(prepared));
      }
      if (!current.empty()) plan.post_processors.push_back(std::move(current));
    }
    if (problems.list().size() == problems_before) warnings += build_warnings;
    s.builds.push_back(detail::make_build(s.shared, std::move(plan)));
  }
  if (!warnings.empty()) global.say(warnings);
  problems.throw_if_any(ErrorCode::Config);
}

const std::vector<std::unique_ptr<Build>>& Session::builds() const { return impl_->builds; }
const Template& Session::get_template() const { return impl_->tmpl; }
const std::string& Session::run_uuid() const { return impl_->shared.run->uuid; }
const std::map<std::string, std::string>& Session::variables() const {
  return impl_->tmpl.hcl2 ? impl_->hcl2_variables : impl_->shared.user_vars;
}

std::vector<BuildResult> Session::run() {
  Impl& s = *impl_;
  const size_t n = s.builds.size();
  std::vector<BuildResult> results(n);
  const unsigned limit = s.options.debug ? 1 : s.options.parallel_builds;
  std::counting_semaphore<> slots(limit == 0 ? static_cast<std::ptrdiff_t>(std::max<size_t>(n, 1)) : limit);
  std::vector<std::jthread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) {
    slots.acquire();
    if (s.options.cancel.cancelled()) {
      slots.release();
      results[i] = BuildResult{s.builds[i]->name(), {}, false, true, "cancelled before it started"};
      continue;
    }
    threads.emplace_back([&, i] {
      results[i] = s.builds[i]->run();
      slots.release();
    });
  }
  threads.clear();  // joins
  report(s.shared.bus, s.options.cancel.cancelled(), results, std::chrono::steady_clock::now() - started);
  return results;
}

}  // namespace kiln
