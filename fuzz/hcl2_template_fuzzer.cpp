// One .pkr.hcl file as `kiln validate` reads it: parsed, its blocks checked, then evaluated
// (variables, locals, sources, builds) and every plugin's configuration prepared.
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
    kiln::Session session(kiln::Template::parse(text, "fuzz.pkr.hcl", "/nonexistent"), std::move(options));
    session.prepare();
  } catch (const kiln::Error&) {
  }
  return 0;
}
