// Turns the text of a JSON template string (Go template syntax) into the content of an HCL2
// quoted string: Packer's template functions become HCL2 expressions, and actions HCL2 has no
// equivalent for ({{.Vars}}, {{.BuildName}}, pipelines …) stay as they are, for the plugins to
// interpolate at build time as they do in HCL2 templates.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace kiln::upgrade {

struct GoTemplateScope {
  // User variables that became locals (their JSON default used other variables): {{user `x`}}
  // reads local.x for these, var.x for the others.
  std::set<std::string> locals;
  // What the converted text uses, filled in by convert_go_template.
  std::set<std::string> users;  // every {{user `x`}} name
  bool timestamp = false;       // {{timestamp}} → local.timestamp
  bool kept = false;            // an action stayed in Go template syntax
};

// The HCL2 string-template content (without the quotes) equivalent to `text`.
std::string convert_go_template(std::string_view text, GoTemplateScope& scope);

// True when `text` only calls functions allowed in an HCL2 variable's default ({{env}}).
bool only_env_calls(std::string_view text);

}  // namespace kiln::upgrade
