// kiln inspect TEMPLATE — variables, builders, provisioners, post-processors, as Packer lays them out.
#include <fmt/format.h>

#include "commands.hpp"
#include "kiln/template.hpp"

namespace kiln::cli {

int cmd_inspect(const std::vector<std::string>& args, RenderOptions render) {
  auto bus = std::make_shared<EventBus>(make_renderer(render));
  Ui ui(bus, {});
  if (args.size() != 1) {
    ui.error("inspect takes exactly one template.\n\nUsage: kiln inspect TEMPLATE");
    return 1;
  }
  Template t;
  try {
    t = Template::load(args[0]);
  } catch (const Error& e) {
    ui.error(fmt::format("Failed to parse template: {}", e.what()));
    return 1;
  }
  for (const auto& w : t.warnings) ui.warn(w.str());
  ui.say("kiln inspect: JSON mode");
  if (!t.description.empty()) ui.say(fmt::format("Description:\n\n{}\n", t.description));
  size_t width = 0;
  for (const auto& v : t.variables) width = std::max(width, v.name.size());
  std::vector<const Variable*> required, optional;
  for (const auto& v : t.variables) (v.default_value ? optional : required).push_back(&v);
  if (!required.empty()) {
    ui.say("Required variables:\n");
    for (const auto* v : required) {
      ui.machine("template-variable", {v->name, "", "1"});
      ui.say("  " + v->name);
    }
    ui.say("");
  }
  if (!optional.empty()) {
    ui.say("Optional variables and their defaults:\n");
    for (const auto* v : optional) {
      std::string value = v->sensitive ? "<sensitive>" : *v->default_value;
      ui.machine("template-variable", {v->name, value, "0"});
      ui.say(fmt::format("  {:<{}} = {}", v->name, width, value));
    }
    ui.say("");
  }
  ui.say("Builders:\n");
  for (const auto& b : t.builders) {
    ui.machine("template-builder", {b.name, b.type});
    ui.say(b.name == b.type ? "  " + b.name : fmt::format("  {} ({})", b.name, b.type));
  }
  ui.say("");
  ui.say(t.provisioners.empty() ? "Provisioners:\n\n  <No provisioners>" : "Provisioners:\n");
  for (const auto& p : t.provisioners) {
    ui.machine("template-provisioner", {p.type});
    ui.say("  " + p.type);
  }
  if (!t.post_processors.empty()) {
    ui.say("\nPost-processors:\n");
    for (size_t i = 0; i < t.post_processors.size(); ++i) {
      std::string seq;
      for (const auto& p : t.post_processors[i]) seq += (seq.empty() ? "" : " -> ") + p.type;
      ui.machine("template-post-processor", {seq});
      ui.say(fmt::format("  {}: {}", i, seq));
    }
  }
  ui.say("\nNote: If your build names contain user variables or template\n"
         "functions such as 'timestamp', these are processed at build time,\n"
         "and therefore only show in their raw form here.");
  return 0;
}

}  // namespace kiln::cli
