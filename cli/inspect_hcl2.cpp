// kiln inspect on an HCL2 template, laid out byte for byte as Packer 1.6.6's "HCL2 mode".
#include <fmt/format.h>

#include "commands.hpp"
#include "template/hcl2/inspect.hpp"
#include "util/go_quote.hpp"

namespace kiln::cli {

int inspect_hcl2(const Template& t, const BuildOptions& options, Ui& ui) {
  EnvironmentPtr env = options.environment ? options.environment : Environment::capture();
  std::shared_ptr<Registry> registry = options.registry ? options.registry : Registry::with_builtins();
  hcl2::Inspection found = hcl2::inspect(t, options.variables, *env, *registry);
  for (const auto& secret : found.secrets) ui.bus()->add_secret(secret);
  for (const auto& w : found.warnings) ui.say(w);
  ui.say("Packer Inspect: HCL2 mode\n");
  std::string values = "> input-variables:\n\n";
  for (const auto& [name, text] : found.variables) values += fmt::format("var.{}: {}\n", name, go_quote(text));
  values += "\n> local-variables:\n\n";
  for (const auto& [name, text] : found.locals) values += fmt::format("local.{}: {}\n", name, go_quote(text));
  ui.say(values);
  std::string builds = "> builds:\n";
  for (const auto& b : found.builds) {
    builds += fmt::format("\n  > {}:\n", b.name);
    if (!b.description.empty()) builds += fmt::format("\n  > Description: {}\n", b.description);
    builds += "\n    sources:\n";
    for (const auto& s : b.sources) builds += fmt::format("\n      {}\n", s);
    builds += "\n    provisioners:\n\n";
    if (b.provisioners.empty()) builds += "      <no provisioner>\n";
    for (const auto& p : b.provisioners) builds += fmt::format("      {}\n", p);
    builds += "\n    post-processors:\n";
    if (b.post_processors.empty()) builds += "\n      <no post-processor>\n";
    for (size_t i = 0; i < b.post_processors.size(); ++i) {
      builds += fmt::format("\n      {}:\n", i);
      for (const auto& p : b.post_processors[i]) builds += fmt::format("        {}\n", p);
    }
  }
  ui.say(builds);
  return 0;
}

}  // namespace kiln::cli
