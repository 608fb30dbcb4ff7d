// Flags and helpers shared by build and validate.
#pragma once

#include <sstream>

#include "flags.hpp"
#include "kiln/build.hpp"
#include "render.hpp"

namespace kiln::cli {

// Splits Packer's comma-separated -only/-except values.
inline void add_csv(std::vector<std::string>& out, const std::string& value) {
  std::stringstream in(value);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) out.push_back(part);
}

// -var, -var-file.
inline void add_variable_flags(FlagSet& flags, BuildOptions& options) {
  flags.value("var", [&](const std::string& kv) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("invalid value \"" + kv + "\" for -var: expected key=value");
    options.variables.add_var(kv.substr(0, eq), kv.substr(eq + 1));
  }, "Variable for templates, can be used multiple times (key=value).");
  flags.value("var-file", [&](const std::string& f) { options.variables.add_file(f); },
              "JSON or .pkrvars.hcl file containing user variables, can be used multiple times.");
}

// -var, -var-file, -only, -except, --events. (-machine-readable is global: main strips it.)
inline void add_template_flags(FlagSet& flags, BuildOptions& options, RenderOptions& render) {
  add_variable_flags(flags, options);
  flags.value("only", [&](const std::string& v) { add_csv(options.only, v); }, "Build only the specified builds (globs).");
  flags.value("except", [&](const std::string& v) { add_csv(options.except, v); }, "Build all builds other than these (globs).");
  flags.value("events", [&](const std::string& v) {
    if (v != "json") throw std::invalid_argument("--events takes \"json\"");
    render.mode = OutputMode::JsonLines;
  }, "Stream events as JSON lines (--events=json).");
}

}  // namespace kiln::cli
