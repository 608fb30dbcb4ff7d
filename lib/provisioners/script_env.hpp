// The environment Packer gives provisioner scripts, shared by shell and shell-local.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiln/plugin.hpp"

namespace kiln {

// PACKER_BUILD_NAME, PACKER_BUILDER_TYPE, PACKER_HTTP_ADDR (when known), then the template's
// environment_vars ("KEY=VALUE") and env map, later ones winning.
std::map<std::string, std::string> script_env(const RunContext& ctx, const std::vector<std::string>& environment_vars,
                                              const std::map<std::string, std::string>& env);

// Renders the variables with a printf-style `format` of two %s (key, value), values with single
// quotes escaped as Packer does ('"'"'), keys in sorted order: the text {{.Vars}} stands for.
std::string flatten_env(const std::map<std::string, std::string>& vars, const std::string& format = "%s='%s' ");

}  // namespace kiln
