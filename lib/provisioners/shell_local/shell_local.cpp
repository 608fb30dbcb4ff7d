#include "provisioners/shell_local/shell_local.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "provisioners/script_env.hpp"
#include "util/process.hpp"

namespace kiln::shell_local {
namespace {

std::string write_inline_script(const Settings& s, const Environment& env) {
  std::string body = "#!" + s.inline_shebang + "\n";
  for (const auto& line : s.inline_commands) body += line + "\n";
  return write_temp_executable(env, "kiln-shell-", body).string();
}

}  // namespace

std::vector<Field> fields() {
  return {
      {"command", FieldType::String, false, "a single command to run"},
      {"inline", FieldType::StringList, false, "commands written to a temporary script"},
      {"inline_shebang", FieldType::String, false, "shebang of the inline script (default /bin/sh -e)"},
      {"script", FieldType::String, false, "a local script to run"},
      {"scripts", FieldType::StringList, false, "local scripts to run in order"},
      {"environment_vars", FieldType::StringList, false, "KEY=VALUE pairs for the scripts"},
      {"env_var_format", FieldType::String, false, "how {{.Vars}} writes each variable (default %s='%s' )"},
      {"env", FieldType::StringMap, false, "environment variables for the scripts"},
      {"execute_command", FieldType::StringList, false, "argv rendered with {{.Vars}} {{.Script}} {{.Command}}", true},
      {"only_on", FieldType::StringList, false, "run only on these OSes (linux, darwin, …)"},
      {"use_linux_pathing", FieldType::Bool, false, "Windows only; ignored on Linux"},
      {"valid_exit_codes", FieldType::IntList, false, "exit codes that count as success (default [0])"},
      {"tempfile_extension", FieldType::String, false, "Windows only; ignored on Linux"},
  };
}

Settings decode(const Config& c, Problems& problems) {
  Settings s;
  s.inline_commands = c.strings("inline");
  s.inline_shebang = c.str("inline_shebang", "/bin/sh -e");
  s.scripts = c.strings("scripts");
  s.environment_vars = c.strings("environment_vars");
  if (std::string format = c.str("env_var_format"); !format.empty()) s.env_var_format = format;
  s.env = c.string_map("env");
  s.execute_command = c.strings("execute_command");
  if (s.execute_command.empty()) s.execute_command = {"/bin/sh", "-c", "{{.Vars}} {{.Script}}"};
  s.only_on = c.strings("only_on");
  s.valid_exit_codes = c.integers("valid_exit_codes");
  if (s.valid_exit_codes.empty()) s.valid_exit_codes = {0};

  // Packer's checks, in its order: empty values count as not given, except that any "inline" key
  // (even an empty list) conflicts with scripts.
  std::string command = c.str("command"), script = c.str("script");
  bool too_many = false;
  if (command.empty() && s.inline_commands.empty() && s.scripts.empty() && script.empty())
    problems.add(c.object().pos(), c.path(), "Command, Inline, Script and Scripts options cannot all be empty.");
  if (!command.empty()) {
    too_many = !s.inline_commands.empty() || !s.scripts.empty() || !script.empty();
    if (!too_many) s.inline_commands = {command};
  }
  if (!script.empty()) {
    too_many = too_many || !s.scripts.empty() || !s.inline_commands.empty();
    if (!too_many) s.scripts = {script};
  }
  too_many = too_many || (!s.scripts.empty() && (c.has("inline") || !command.empty()));
  if (too_many)
    problems.add(c.object().pos(), c.path(),
                 "You may only specify one of the following options: Command, Inline, Script or Scripts. "
                 "Please consolidate these options in your config.");
  // Paths stay as written for the "Running local shell script" line, as Packer shows them.
  std::error_code unreadable;  // a path that cannot even be stat'ed (too long, no permission) counts as missing
  for (const auto& script : s.scripts)
    if (!std::filesystem::is_regular_file(script, unreadable))
      problems.add(c.pos(c.has("script") ? "script" : "scripts"), c.path(),
                   fmt::format("Bad script '{}': no such file", script));
  for (const auto& kv : s.environment_vars)
    if (kv.find('=') == std::string::npos || kv.front() == '=')
      problems.add(c.pos("environment_vars"), c.path(),
                   fmt::format("Environment variable not in format 'key=value': {}", kv));
  return s;
}

void run(const Settings& s, const RunContext& ctx) {
  if (!s.only_on.empty()) {
    utsname u{};
    uname(&u);
    std::string os = u.sysname;
    std::transform(os.begin(), os.end(), os.begin(), ::tolower);
    if (std::find(s.only_on.begin(), s.only_on.end(), os) == s.only_on.end()) {
      ctx.ui.say("Skipping shell-local due to runtime OS");
      return;
    }
  }
  std::vector<std::string> scripts = s.scripts;
  std::string temp;
  if (scripts.empty()) scripts.push_back(temp = write_inline_script(s, *ctx.environment));
  struct RemoveTemp {
    const std::string& path;
    ~RemoveTemp() {
      if (!path.empty()) std::filesystem::remove(path);
    }
  } remove_temp{temp};
  std::string vars = flatten_env(script_env(ctx, s.environment_vars, s.env), s.env_var_format);
  for (const auto& script : scripts) {
    InterpContext interp = ctx.interp;
    interp.data["Vars"] = vars;
    const std::string absolute = std::filesystem::absolute(script).string();  // Packer runs the absolute path
    interp.data["Script"] = absolute;
    interp.data["Command"] = absolute;
    ProcessSpec spec;
    spec.environment = ctx.environment.get();
    for (const auto& part : s.execute_command) spec.argv.push_back(interpolate(part, interp));
    spec.cancel = ctx.cancel;
    spec.env["PACKER_BUILD_NAME"] = ctx.build_name;
    spec.env["PACKER_BUILDER_TYPE"] = ctx.build_type;
    spec.on_line = ctx.ui.output_lines();
    ctx.ui.say(fmt::format("Running local shell script: {}", script));
    ProcessResult result = run_process(spec);
    if (result.signaled)
      throw Error(fmt::format("Script {} was killed by signal {}", script, result.signal), ErrorCode::Build);
    if (std::find(s.valid_exit_codes.begin(), s.valid_exit_codes.end(), result.exit_code) == s.valid_exit_codes.end())
      throw Error(fmt::format("Script exited with non-zero exit status: {}.Allowed exit codes are: [{}]", result.exit_code,
                              fmt::join(s.valid_exit_codes, " ")),
                  ErrorCode::Build);
  }
}

}  // namespace kiln::shell_local
