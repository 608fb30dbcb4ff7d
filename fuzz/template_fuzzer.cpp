// A JSON template as `kiln validate` reads it: Template::parse, then the variables resolved and
// every builder's, provisioner's and post-processor's configuration decoded and prepared.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiln/build.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto registry = kiln::Registry::with_builtins();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    kiln::BuildOptions options;
    options.registry = registry;
    options.environment = std::make_shared<const kiln::Environment>();
    kiln::Session session(kiln::Template::parse(text, "fuzz.json", "/nonexistent"), std::move(options));
    session.prepare();
  } catch (const kiln::Error&) {
  }
  return 0;
}
