// kiln validate [-syntax-only] [-var …] [-var-file …] [-only …] [-except …] TEMPLATE
#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"

namespace kiln::cli {

int cmd_validate(const std::vector<std::string>& args, RenderOptions render) {
  BuildOptions options;
  bool syntax_only = false;
  FlagSet flags;
  add_template_flags(flags, options, render);
  flags.boolean("syntax-only", &syntax_only, "Only check syntax. Do not verify config of the template.");
  if (FlagSet::asks_help(args)) {
    std::printf("Usage: kiln validate [options] TEMPLATE\n\nOptions:\n%s", flags.usage().c_str());
    return 0;
  }
  auto bus = std::make_shared<EventBus>();
  Ui ui(bus, {});
  try {
    auto rest = flags.parse(args);
    bus->add_sink(make_renderer(render));
    if (rest.size() != 1) {
      ui.error("validate takes exactly one template.\n\nUsage: kiln validate [options] TEMPLATE\n\nOptions:\n" + flags.usage());
      return 1;
    }
    Template t = Template::load(rest[0]);
    if (t.has_trailing_commas) {
      // validate answers "would Packer accept this template?": trailing commas are where it would not
      // (kiln build accepts them with a warning).
      ui.error(fmt::format("Template validation failed: {} uses trailing commas, which Packer rejects "
                           "(kiln build accepts them)", rest[0]));
      return 1;
    }
    for (const auto& w : t.warnings) ui.warn(w.str());
    if (syntax_only) {
      ui.say("Syntax-only check passed. Everything looks okay.");
      return 0;
    }
    t.warnings.clear();  // shown above
    options.events = bus;
    Session session(std::move(t), std::move(options));
    session.prepare();
    return 0;  // Packer 1.6.6 writes nothing for a valid template (its warnings are shown above)
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  } catch (const Error& e) {
    ui.error(fmt::format("Template validation failed. Errors are shown below.\n\n{}", e.what()));
    return 1;
  }
}

}  // namespace kiln::cli
