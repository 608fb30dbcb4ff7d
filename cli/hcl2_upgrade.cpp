// kiln hcl2_upgrade [-output-file=FILE] [-with-annotations] TEMPLATE.json — the JSON template as HCL2.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "flags.hpp"
#include "kiln/error.hpp"
#include "kiln/hcl2_upgrade.hpp"

namespace kiln::cli {

int cmd_hcl2_upgrade(const std::vector<std::string>& args, RenderOptions render) {
  auto bus = std::make_shared<EventBus>(make_renderer(render));
  Ui ui(bus, {});
  std::string output;
  Hcl2UpgradeOptions options;
  FlagSet flags;
  flags.value("output-file", [&](const std::string& v) { output = v; },
              "Set output file name. By default, TEMPLATE with \".pkr.hcl\" appended.");
  flags.boolean("with-annotations", &options.annotations, "Explain each part of the file in comments.");
  constexpr const char* usage = "Usage: kiln hcl2_upgrade [-output-file=FILE] [-with-annotations] TEMPLATE.json";
  if (FlagSet::asks_help(args)) {
    ui.say(fmt::format("{}\n\nOptions:\n{}", usage, flags.usage()));
    return 0;
  }
  std::vector<std::string> rest;
  try {
    rest = flags.parse(args);
  } catch (const std::invalid_argument& e) {
    ui.error(fmt::format("{}\n\n{}\n\nOptions:\n{}", e.what(), usage, flags.usage()));
    return 1;
  }
  if (rest.size() != 1) {
    ui.error(fmt::format("hcl2_upgrade takes exactly one JSON template.\n\n{}\n\nOptions:\n{}", usage, flags.usage()));
    return 1;
  }
  const std::string& path = rest[0];
  if (output.empty()) output = path + ".pkr.hcl";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ui.error(fmt::format("Failed to parse template: open {}: no such file or directory", path));
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string hcl;
  try {
    hcl = hcl2_upgrade(text.str(), path, options);
  } catch (const Error& e) {
    ui.error(fmt::format("Failed to parse template: {}", e.what()));
    return 1;
  }
  std::error_code ec;
  if (auto dir = std::filesystem::path(output).parent_path(); !dir.empty()) std::filesystem::create_directories(dir, ec);
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!(out << hcl) || !out.flush()) {
    ui.error(fmt::format("Failed to write {}", output));
    return 1;
  }
  ui.say(fmt::format("Successfully created {}", output));
  return 0;
}

}  // namespace kiln::cli
