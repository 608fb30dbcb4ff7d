#include "provisioners/shell/shell_provisioner.hpp"

#include <filesystem>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "provisioners/script_env.hpp"
#include "template/fix/deprecated_keys.hpp"
#include "util/go_duration.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

std::string random_suffix() {
  static thread_local std::mt19937 rng(std::random_device{}());
  return std::to_string(std::uniform_int_distribution<int>(0, 9999)(rng));
}

// A file uploaded for this run, removed when the run does not get to remove it itself (it failed or
// was cancelled; Packer 1.6.6 leaves it there), unless released. The removal gives up after a few
// seconds: the connection may be what failed.
class RemoteFile {
 public:
  RemoteFile(Communicator& comm, std::string path, bool keep) : comm_(comm), path_(std::move(path)), keep_(keep) {}
  RemoteFile(const RemoteFile&) = delete;
  RemoteFile& operator=(const RemoteFile&) = delete;
  ~RemoteFile() {
    if (keep_) return;
    try {
      CancelSource give_up;
      std::jthread timer([&give_up](std::stop_token stop) {
        if (CancelToken(stop).wait_for(std::chrono::seconds(5))) give_up.cancel();
      });
      comm_.exec("rm -f " + path_, {}, give_up.token());
    } catch (...) {  // best effort: the build's own error is what matters
    }
  }
  void release() { keep_ = true; }

 private:
  Communicator& comm_;
  std::string path_;
  bool keep_;
};

}  // namespace

const Schema& ShellProvisioner::schema() const {
  static const Schema schema{.fields = {
      {"inline", FieldType::StringList}, {"script", FieldType::String}, {"scripts", FieldType::StringList},
      {"environment_vars", FieldType::StringList}, {"env", FieldType::StringMap},
      {"execute_command", FieldType::String, false, "default: chmod +x {{.Path}}; {{.Vars}} {{.Path}}", true},
      {"inline_shebang", FieldType::String}, {"remote_folder", FieldType::String}, {"remote_file", FieldType::String},
      {"remote_path", FieldType::String}, {"skip_clean", FieldType::Bool}, {"expect_disconnect", FieldType::Bool},
      {"start_retry_timeout", FieldType::Duration}, {"valid_exit_codes", FieldType::IntList}, {"binary", FieldType::Bool},
      {"env_var_format", FieldType::String, false, "", true}, {"use_env_var_file", FieldType::Bool},
      {"pause_after", FieldType::Duration, false, "wait this long after the scripts ran"},
  }, .deprecated = fix::deprecated_keys()};
  return schema;
}

void ShellProvisioner::prepare(const Config& c, Problems& problems) {
  inline_ = c.strings("inline");
  scripts_ = c.strings("scripts");
  std::string script = c.str("script");
  if (!script.empty() && !scripts_.empty()) problems.add(c.pos("script"), c.path(), "Only one of script or scripts can be specified.");
  if (!script.empty()) scripts_ = {script};
  environment_vars_ = c.strings("environment_vars");
  env_ = c.string_map("env");
  inline_shebang_ = c.str("inline_shebang", "/bin/sh -e");
  remote_folder_ = c.str("remote_folder", "/tmp");
  remote_file_ = c.str("remote_file", fmt::format("script_{}.sh", random_suffix()));
  remote_path_ = c.str("remote_path", remote_folder_ + "/" + remote_file_);
  use_env_var_file_ = c.boolean("use_env_var_file");
  execute_command_ = c.str("execute_command", use_env_var_file_ ? "chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}"
                                                               : "chmod +x {{.Path}}; {{.Vars}} {{.Path}}");
  env_var_format_ = c.str("env_var_format", use_env_var_file_ ? "export %s='%s'\n" : "%s='%s' ");
  skip_clean_ = c.boolean("skip_clean");
  expect_disconnect_ = c.boolean("expect_disconnect");
  start_retry_timeout_ = c.duration("start_retry_timeout", std::chrono::minutes(5));
  pause_after_ = c.duration("pause_after");
  valid_exit_codes_ = c.integers("valid_exit_codes");
  if (valid_exit_codes_.empty()) valid_exit_codes_ = {0};
  // As Packer: empty values count as not given ("inline": "" is an empty list).
  if (scripts_.empty() && inline_.empty())
    problems.add(c.object().pos(), c.path(), "Either a script file or inline script must be specified.");
  else if (!scripts_.empty() && !inline_.empty())
    problems.add(c.object().pos(), c.path(), "Only a script file or an inline script can be specified, not both.");
  std::error_code unreadable;  // a path that cannot even be stat'ed (too long, no permission) counts as missing
  for (const auto& s : scripts_)
    if (!std::filesystem::is_regular_file(s, unreadable)) problems.add(c.pos("script"), c.path(), fmt::format("Bad script '{}': not found", s));
  for (const auto& kv : environment_vars_)
    if (kv.find('=') == std::string::npos || kv.front() == '=')
      problems.add(c.pos("environment_vars"), c.path(), fmt::format("Environment variable not in format 'key=value': {}", kv));
}

void ShellProvisioner::provision(ProvisionerContext& ctx) {
  if (!ctx.comm) throw Error("the shell provisioner needs a communicator; this build has communicator \"none\"", ErrorCode::Build);
  std::string flattened = flatten_env(script_env(ctx, environment_vars_, env_), env_var_format_);

  // -on-error=abort keeps what a failed run left, for debugging, as it keeps the machine.
  const bool keep = skip_clean_ || ctx.on_error == OnError::Abort;
  std::string env_file;
  std::optional<RemoteFile> env_file_guard;
  if (use_env_var_file_) {
    env_file = remote_folder_ + "/varfile_" + random_suffix() + ".sh";
    std::istringstream in(flattened);
    env_file_guard.emplace(*ctx.comm, env_file, keep);
    ctx.comm->upload(in, flattened.size(), env_file, TransferOptions{ctx.cancel, {}, 0600});
  }

  std::vector<std::pair<std::string, std::string>> scripts;  // display name, content
  if (!inline_.empty()) {
    std::string body = "#!" + inline_shebang_ + "\n";
    for (const auto& line : inline_) body += line + "\n";
    scripts.emplace_back("inline script", body);
  }
  for (const auto& path : scripts_) scripts.emplace_back(path, read_input_file(path, "script"));
  for (const auto& [name, body] : scripts) {
    ctx.ui.say(fmt::format("Provisioning with shell script: {}", name));
    std::istringstream in(body);
    // Right after a reboot the machine may not take uploads yet: retry until start_retry_timeout.
    auto deadline = std::chrono::steady_clock::now() + start_retry_timeout_;
    RemoteFile script(*ctx.comm, remote_path_, keep);
    for (;;) {
      try {
        in.clear();
        in.seekg(0);
        ctx.comm->upload(in, body.size(), remote_path_, TransferOptions{ctx.cancel, {}, 0755});
        break;
      } catch (const CommError& e) {
        if (std::chrono::steady_clock::now() >= deadline) throw;
        ctx.ui.message(fmt::format("Retrying upload of {}: {}", name, e.what()));
        if (!ctx.cancel.wait_for(std::chrono::seconds(2))) throw Cancelled();
      }
    }
    InterpContext interp = ctx.interp;
    interp.data = {{"Vars", flattened}, {"Path", remote_path_}, {"EnvVarFile", env_file}};
    std::string command = interpolate(execute_command_, interp);
    int status = 0;
    try {
      status = ctx.comm->exec(command, ctx.ui.output_lines(), ctx.cancel);
    } catch (const CommError& e) {
      if (!expect_disconnect_) throw;
      ctx.ui.say(fmt::format("Remote disconnected as expected: {}", e.what()));
      script.release();  // the machine is rebooting, as Packer leaves the script then
      continue;
    }
    if (std::find(valid_exit_codes_.begin(), valid_exit_codes_.end(), status) == valid_exit_codes_.end())
      throw Error(fmt::format("Script exited with non-zero exit status: {}.Allowed exit codes are: [{}]", status,
                              fmt::join(valid_exit_codes_, " ")),
                  ErrorCode::Build);
    if (!skip_clean_) ctx.comm->exec("rm -f " + remote_path_, {}, ctx.cancel);
    script.release();
  }
  if (!env_file.empty() && !skip_clean_) ctx.comm->exec("rm -f " + env_file, {}, ctx.cancel);
  if (env_file_guard) env_file_guard->release();
  if (pause_after_.count() != 0) {
    ctx.ui.say(fmt::format("Pausing {} after this provisioner...", go_duration_string(pause_after_)));
    if (!ctx.cancel.wait_for(std::chrono::duration_cast<std::chrono::milliseconds>(pause_after_))) throw Cancelled();
  }
}

}  // namespace kiln
