#include "provisioners/puppet/puppet_common.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "provisioners/puppet/puppet_output.hpp"
#include "util/shell_quote.hpp"

namespace kiln {

std::vector<Field> PuppetOptions::fields(const char* staging_key) {
  return {
      {"extra_arguments", FieldType::StringList, false, "", true}, {"execute_command", FieldType::String, false, "", true},
      {"facter", FieldType::StringMap}, {"guest_os_type", FieldType::String}, {"ignore_exit_codes", FieldType::Bool},
      {"prevent_sudo", FieldType::Bool}, {"puppet_bin_dir", FieldType::String}, {staging_key, FieldType::String},
      {"working_directory", FieldType::String}, {"clean_staging_directory", FieldType::Bool},
      {"elevated_user", FieldType::String}, {"elevated_password", FieldType::String},
  };
}

bool PuppetOptions::read(const Config& c, Problems& problems, const char* staging_key, const char* staging_name,
                         const PuppetCommands& commands) {
  guest_os_type = c.str("guest_os_type", "unix");
  std::transform(guest_os_type.begin(), guest_os_type.end(), guest_os_type.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  if (!GuestCommands::known(guest_os_type)) {
    problems.add(c.pos("guest_os_type"), c.path(), fmt::format("Invalid guest_os_type: \"{}\"", guest_os_type));
    return false;
  }
  const bool windows = guest_os_type == "windows";
  execute_command = c.str("execute_command", windows ? commands.on_windows : commands.on_unix);
  // As Packer, the windows default sits under the SYSTEMROOT of the machine running the build.
  staging_dir = c.str(staging_key, windows ? c.environment().value("SYSTEMROOT") + "/Temp/" + staging_name
                                           : std::string("/tmp/") + staging_name);
  working_dir = c.str("working_directory", staging_dir);
  extra_arguments = c.strings("extra_arguments");
  facter = c.string_map("facter");
  puppet_bin_dir = c.str("puppet_bin_dir");
  clean_staging = c.boolean("clean_staging_directory");
  ignore_exit_codes = c.boolean("ignore_exit_codes");
  prevent_sudo = c.boolean("prevent_sudo");
  // Packer runs the command through a Windows scheduled task then; kiln has no such runner.
  if (!c.str("elevated_user").empty())
    problems.add(c.pos("elevated_user"), c.path(),
                 "elevated_user is not supported by kiln (Packer's Windows scheduled-task elevation)");
  return true;
}

PuppetRun::PuppetRun(ProvisionerContext& ctx, const PuppetOptions& options)
    : ctx_(ctx), options_(options), guest_(options.guest_os_type, !options.prevent_sudo) {
  if (!ctx.comm) throw Error("the puppet provisioners need a communicator", ErrorCode::Build);
  ctx_.ui.say("Provisioning with Puppet...");
  ctx_.ui.message("Creating Puppet staging directory...");
  // -on-error=abort keeps what a failed run left, for debugging.
  staging_left_ = options_.clean_staging && ctx_.on_error != OnError::Abort;
  create_dir(options_.staging_dir);
}

// Removes the staging directory when the run did not get to (it failed or was cancelled; Packer
// 1.6.6 leaves it there). Gives up after a few seconds: the connection may be what failed.
PuppetRun::~PuppetRun() {
  if (!staging_left_) return;
  try {
    CancelSource give_up;
    std::jthread timer([&give_up](std::stop_token stop) {
      if (CancelToken(stop).wait_for(std::chrono::seconds(5))) give_up.cancel();
    });
    remove_staging(give_up.token());
  } catch (...) {  // best effort: the build's own error is what matters
  }
}

void PuppetRun::remove_staging(const CancelToken& cancel) {
  std::string command = guest_.remove_dir(options_.staging_dir);
  if (int status = ctx_.comm->exec(command, ctx_.ui.output_lines(), cancel); status != 0)
    throw Error(fmt::format("Error removing staging directory: \"{}\" exited with status {}", command, status),
                ErrorCode::Build);
}

void PuppetRun::create_dir(const std::string& dir) {
  ctx_.ui.message(fmt::format("Creating directory: {}", dir));
  for (const auto& command : {guest_.create_dir(dir), guest_.chmod(dir, "0777")})
    if (int status = ctx_.comm->exec(command, ctx_.ui.output_lines(), ctx_.cancel); status != 0)
      throw Error(fmt::format("Error creating directory {}: \"{}\" exited with status {}", dir, command, status),
                  ErrorCode::Build);
}

void PuppetRun::upload_dir(const std::string& local, const std::string& remote) {
  create_dir(remote);
  ctx_.comm->upload_dir(local, remote, TransferOptions{ctx_.cancel, {}, std::nullopt});
}

void PuppetRun::upload_file(const std::string& local, const std::string& remote) {
  ctx_.comm->upload_file(local, remote, TransferOptions{ctx_.cancel, {}, std::nullopt});
}

void PuppetRun::execute(std::map<std::string, std::string> data) {
  const bool windows = options_.guest_os_type == "windows";
  // Packer sets these two over any given in `facter`. Packer's order is Go's map order (random);
  // kiln's is by name.
  std::map<std::string, std::string> facts = options_.facter;
  facts["packer_build_name"] = ctx_.build_name;
  facts["packer_builder_type"] = ctx_.build_type;
  std::vector<std::string> facter_vars;
  for (const auto& [key, value] : facts)
    facter_vars.push_back(windows ? fmt::format("SET \"FACTER_{}={}\"", key, value)
                                  : fmt::format("FACTER_{}='{}'", key, escape_single_quotes(value)));

  InterpContext interp = ctx_.interp;
  interp.data = std::move(data);
  interp.data["Debug"] = "";  // as in Packer, never set
  interp.data["ExtraArguments"] = "";
  interp.data["FacterVars"] = fmt::format("{}", fmt::join(facter_vars, windows ? " & " : " "));
  interp.data["PuppetBinDir"] = options_.puppet_bin_dir;
  interp.data["Sudo"] = options_.prevent_sudo ? "" : "true";  // the data is text: false is the empty string
  interp.data["WorkingDir"] = options_.working_dir;
  interp.data["ExtraArguments"] = interpolate_fully(fmt::format("{}", fmt::join(options_.extra_arguments, " ")), interp);
  std::string command = interpolate_fully(options_.execute_command, interp);

  ctx_.ui.message(fmt::format("Running Puppet: {}", command));
  PuppetFailures failures;
  int status = ctx_.comm->exec(command, [&](std::string_view line, bool is_stderr) {
    failures.see(line);
    ctx_.ui.output(line, is_stderr);
  }, ctx_.cancel);
  // --detailed-exitcodes: 2 means changes were applied, 4 and 6 that some failed.
  if (status != 0 && status != 2 && !options_.ignore_exit_codes) throw Error(failures.describe(status), ErrorCode::Build);
  if (options_.clean_staging) {
    staging_left_ = false;
    remove_staging(ctx_.cancel);
  }
}

}  // namespace kiln
