// kiln inspect TEMPLATE — variables, builders, provisioners, post-processors, as Packer lays them out.
#include <algorithm>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "kiln/template.hpp"

namespace kiln::cli {
namespace {

// As Packer 1.6.6's inspect: the sensitive variables' values, resolved with the -var and -var-file
// input, are masked wherever they show (another variable's default, a builder's name). When they
// cannot be resolved (a required variable is missing …) Packer masks nothing, and neither does this.
void mask_sensitive_values(const Template& t, const BuildOptions& options, EventBus& bus) {
  std::map<std::string, std::string> values;
  try {
    values = resolve_variables(t, options.variables, options.environment ? options.environment : Environment::capture(),
                               [&](const std::string& secret) { bus.add_secret(secret); });
  } catch (const Error&) {
    return;
  }
  for (const auto& v : t.variables)
    if (v.sensitive) bus.add_secret(values[v.name]);
}

}  // namespace

int cmd_inspect(const std::vector<std::string>& args, RenderOptions render) {
  BuildOptions options;
  FlagSet flags;
  add_template_flags(flags, options, render);
  if (FlagSet::asks_help(args)) {
    std::printf("Usage: kiln inspect [options] TEMPLATE\n\nOptions:\n%s", flags.usage().c_str());
    return 0;
  }
  std::vector<std::string> rest;
  try {
    rest = flags.parse(args);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  auto bus = std::make_shared<EventBus>(make_renderer(render));
  Ui ui(bus, {});
  if (rest.size() != 1) {
    ui.error("inspect takes exactly one template.\n\nUsage: kiln inspect [options] TEMPLATE\n\nOptions:\n" + flags.usage());
    return 1;
  }
  Template t;
  try {
    t = Template::load(rest[0]);
  } catch (const Error& e) {
    ui.error(fmt::format("Failed to parse template: {}", e.what()));
    return 1;
  }
  if (t.hcl2) return inspect_hcl2(t, options, ui);
  for (const auto& w : t.warnings) ui.warn(w.str());
  mask_sensitive_values(t, options, *bus);
  ui.say("Packer Inspect: JSON mode");  // as Packer 1.6.6 (and kiln's HCL2 mode) print it
  // Laid out as Packer 1.6.6's inspect, which the amazon-eks-ami Makefile reads with
  // `grep template-variable | awk -F, '{print $4}'`: required variables first, then every other in
  // name order, builders in name order padded to the longest name, provisioners in template order.
  if (!t.description.empty()) {
    ui.say("Description:\n");
    ui.say(t.description + "\n");
  }
  if (t.variables.empty()) {
    ui.say("Variables:\n");
    ui.say("  <No variables>");
  } else {
    std::vector<const Variable*> sorted;
    size_t width = 0;
    for (const auto& v : t.variables) {
      sorted.push_back(&v);
      width = std::max(width, v.name.size());
    }
    std::sort(sorted.begin(), sorted.end(), [](const Variable* a, const Variable* b) { return a->name < b->name; });
    auto shown = [](const Variable& v) { return v.sensitive ? std::string("<sensitive>") : v.default_value.value_or(""); };
    bool required = false;
    for (const auto* v : sorted) {
      if (v->default_value) continue;
      if (!required) ui.say("Required variables:\n");
      required = true;
      ui.machine("template-variable", {v->name, shown(*v), "1"});
      ui.say("  " + v->name);
    }
    if (required) ui.say("");
    ui.say("Optional variables and their defaults:\n");
    for (const auto* v : sorted) {
      if (!v->default_value) continue;
      ui.machine("template-variable", {v->name, shown(*v), "0"});
      ui.say(fmt::format("  {:<{}} = {}", v->name, width, shown(*v)));
    }
  }
  ui.say("");
  ui.say("Builders:\n");
  if (t.builders.empty()) ui.say("  <No builders>");
  std::vector<const PluginBlock*> builders;
  size_t width = 0;
  for (const auto& b : t.builders) {
    builders.push_back(&b);
    width = std::max(width, b.name.size());
  }
  std::sort(builders.begin(), builders.end(), [](const PluginBlock* a, const PluginBlock* b) { return a->name < b->name; });
  for (const auto* b : builders) {
    ui.machine("template-builder", {b->name, b->type});
    std::string line = fmt::format("  {:<{}}", b->name, width);
    ui.say(b->name == b->type ? line : fmt::format("{} ({})", line, b->type));
  }
  ui.say("");
  ui.say("Provisioners:\n");
  if (t.provisioners.empty()) ui.say("  <No provisioners>");
  for (const auto& p : t.provisioners) {
    ui.machine("template-provisioner", {p.type});
    ui.say("  " + p.type);
  }
  ui.say("\nNote: If your build names contain user variables or template\n"
         "functions such as 'timestamp', these are processed at build time,\n"
         "and therefore only show in their raw form here.");
  return 0;
}

}  // namespace kiln::cli
