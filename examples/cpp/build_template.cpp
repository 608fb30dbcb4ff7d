// Runs a template's builds through the C++ API and prints each artifact id.
// usage: build_template TEMPLATE [key=value ...]
#include <iostream>

#include "kiln/kiln.hpp"

namespace {

int build(int argc, char** argv) {
  try {
    kiln::BuildOptions options;
    for (int i = 2; i < argc; ++i) {
      std::string kv = argv[i];
      auto eq = kv.find('=');
      options.variables.add_var(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
    }
    options.events = std::make_shared<kiln::EventBus>(std::make_shared<kiln::FunctionSink>([](const kiln::Event& e) {
      if (e.kind == kiln::EventKind::Say) std::cout << "  [" << e.build << "] " << e.text << "\n";
    }));
    kiln::Session session(kiln::Template::load(argv[1]), options);
    session.prepare();
    bool ok = true;
    for (const auto& result : session.run()) {
      for (const auto& artifact : result.artifacts) std::cout << "artifact " << result.name << ": " << artifact->id() << "\n";
      if (!result.ok) {
        std::cerr << "error: " << result.name << ": " << result.error << "\n";
        ok = false;
      }
    }
    return ok ? 0 : 1;
  } catch (const kiln::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " TEMPLATE [key=value ...]\n";
    return 2;
  }
  kiln::global_init();  // process-wide set-up on this thread, before any build thread needs it
  int status = build(argc, argv);
  kiln::global_shutdown();
  return status;
}
