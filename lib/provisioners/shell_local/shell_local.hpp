// Packer's shell-local, shared by the provisioner and the post-processor: run inline commands or
// local scripts through execute_command with Packer's environment variables.
#pragma once

#include <string>
#include <vector>

#include "kiln/plugin.hpp"

namespace kiln::shell_local {

struct Settings {
  std::vector<std::string> inline_commands;
  std::string inline_shebang = "/bin/sh -e";
  std::vector<std::string> scripts;          // absolute paths
  std::vector<std::string> environment_vars; // KEY=VALUE
  std::string env_var_format = "%s='%s' ";   // each variable in {{.Vars}}
  std::map<std::string, std::string> env;
  std::vector<std::string> execute_command;  // raw templates, rendered per script
  std::vector<std::string> only_on;
  std::vector<int64_t> valid_exit_codes;
};

// The schema fields common to the provisioner and the post-processor.
std::vector<Field> fields();
// Decodes and validates; problems are added with positions.
Settings decode(const Config& config, Problems& problems);
// Runs every script (or the inline commands) in order; throws on a disallowed exit code.
void run(const Settings& settings, const RunContext& ctx);

}  // namespace kiln::shell_local
