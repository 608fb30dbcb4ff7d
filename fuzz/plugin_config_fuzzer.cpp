// Each built-in plugin's configuration decoder: the first byte picks a builder, provisioner or
// post-processor; the rest is its JSON block, decoded against the plugin's schema (interpolated,
// weakly typed as Packer decodes) and handed to its prepare().
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/config.hpp"
#include "kiln/registry.hpp"

namespace {

struct Plugin {
  std::string kind;  // "builder", "provisioner" or "post-processor"
  std::string type;
};

std::vector<Plugin> all_plugins(const kiln::Registry& r) {
  std::vector<Plugin> all;
  for (const auto& t : r.builder_types()) all.push_back({"builder", t});
  for (const auto& t : r.provisioner_types()) all.push_back({"provisioner", t});
  for (const auto& t : r.post_processor_types()) all.push_back({"post-processor", t});
  return all;
}

template <typename P>
void decode_and_prepare(P plugin, const kiln::Value& raw, const kiln::InterpContext& ctx) {
  kiln::Problems problems;
  kiln::Config config = kiln::decode_config(raw, plugin->schema(), ctx, "fuzz[0]", problems);
  plugin->prepare(config, problems);
}

const std::shared_ptr<kiln::Registry>& registry() {
  static const auto r = kiln::Registry::with_builtins();
  return r;
}

const std::vector<Plugin>& plugins() {
  static const std::vector<Plugin> all = all_plugins(*registry());
  return all;
}

}  // namespace

// With KILN_FUZZ_LIST_PLUGINS set, prints "BYTE KIND TYPE" for each plugin and exits: fuzz/run.sh
// seeds the corpus with the blocks of real templates prefixed by their plugin's byte.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!std::getenv("KILN_FUZZ_LIST_PLUGINS")) return 0;
  for (size_t i = 0; i < plugins().size(); ++i)
    std::printf("%zu %s %s\n", i, plugins()[i].kind.c_str(), plugins()[i].type.c_str());
  std::exit(0);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto run = kiln::make_run_constants();
  static const std::map<std::string, std::string> user{{"name", "kiln"}};
  if (size == 0) return 0;
  const Plugin& p = plugins()[data[0] % plugins().size()];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  kiln::InterpContext ctx;
  ctx.run = run;
  ctx.user = &user;
  ctx.template_dir = "/nonexistent";
  ctx.build_name = "fuzz";
  ctx.build_type = p.kind == "builder" ? p.type : "null";
  ctx.build = kiln::build_placeholder_data();
  try {
    kiln::Value raw = kiln::parse_json(text, "fuzz.json").value;
    if (p.kind == "builder") decode_and_prepare(registry()->builder(p.type), raw, ctx);
    else if (p.kind == "provisioner") decode_and_prepare(registry()->provisioner(p.type), raw, ctx);
    else decode_and_prepare(registry()->post_processor(p.type), raw, ctx);
  } catch (const kiln::Error&) {
  }
  return 0;
}
