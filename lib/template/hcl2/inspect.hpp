// What `inspect` shows of an HCL2 template, as Packer 1.6.6 shows it: variables and locals with their
// values, and each build's sources, provisioners and post-processor sequences.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hcl/value.hpp"
#include "kiln/environment.hpp"
#include "kiln/registry.hpp"
#include "kiln/template.hpp"

namespace kiln::hcl2 {

struct Inspection {
  struct Build {
    std::string name;  // the build's name, or "<unnamed build N>"
    std::string description;
    std::vector<std::string> sources;       // "TYPE.NAME"
    std::vector<std::string> provisioners;  // "TYPE" or "TYPE.NAME"
    std::vector<std::vector<std::string>> post_processors;
  };
  // name → value as Packer prints it: strings as they are, other values in HCL-like layout,
  // "<unknown>" when unset; in a sensitive variable each string (and number) is "<sensitive>" (but an
  // empty string or an unset value, which hide nothing, show as they are).
  std::vector<std::pair<std::string, std::string>> variables;
  std::vector<std::pair<std::string, std::string>> locals;
  std::vector<Build> builds;
  // The sensitive variables' values: whoever prints the above masks them wherever they show (a local
  // built from one, a name), as Packer 1.6.6's inspect does.
  std::vector<std::string> secrets;
  // What the variables' values warn of (a var file setting an undeclared variable), each in the
  // words Packer prints it.
  std::vector<std::string> warnings;
};

// Throws for the variables' errors (not for an unset variable), as Packer's inspect stops there; any
// other problem is not fatal: what cannot be evaluated shows as unknown or is left out, as Packer's
// inspect does; so is a build using a provisioner or post-processor `registry` lacks.
Inspection inspect(const Template& t, const VariableInput& input, const Environment& env, const Registry& registry);

// A value as Packer's inspect prints it (before %q): see Inspection::variables.
std::string printable_value(const hcl::Value& value);

}  // namespace kiln::hcl2
