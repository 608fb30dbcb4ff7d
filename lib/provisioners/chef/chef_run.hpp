// The steps chef-solo and chef-client share, as Packer 1.6.6 runs them on the machine: installing
// Chef, the staging directory and uploads, rendering a configuration file, and the chef command.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "kiln/plugin.hpp"
#include "provisioners/chef/chef_options.hpp"
#include "provisioners/guest_commands.hpp"

namespace kiln {

class ChefRun {
 public:
  ChefRun(ProvisionerContext& ctx, const ChefOptions& options);
  // Removes the staging directory when clean_staging_at_exit() asked for it and the run ended
  // before remove_staging() (a failure or a cancel).
  ~ChefRun();
  ChefRun(const ChefRun&) = delete;
  ChefRun& operator=(const ChefRun&) = delete;

  // Runs install_command unless skip_install; chef-client also shows the command.
  void install(bool show_command);
  // Creates `dir` (mode 0777, so that the login user can upload into what sudo made). Failures
  // throw Error("<failure>: …").
  void create_dir(const std::string& dir, std::string_view failure);
  // Creates `remote` and uploads the contents of local directory `local` into it.
  void upload_dir(const std::string& local, const std::string& remote, std::string_view failure);
  void upload_file(const std::string& local, const std::string& remote, std::string_view failure);
  // Uploads `text` as `name` in the staging directory; returns its remote path.
  std::string upload_text(const std::string& name, const std::string& text);
  // Renders config_template (or `default_template`) with `data`, uploads it as `name` in the
  // staging directory and returns its remote path.
  std::string write_config(const std::string& name, std::string_view default_template,
                           std::map<std::string, std::string> data);
  // Writes the node attributes as `name` in the staging directory; returns its remote path.
  std::string write_attributes(const std::string& name);
  // Runs execute_command; throws Error("Error executing Chef: …") naming the failed resources.
  void execute(const std::string& config_path, const std::string& json_path);
  // Renders `command_template` with `data` (and .Sudo) as Packer's interpolate.Render does.
  std::string render(std::string_view command_template, std::map<std::string, std::string> data) const;
  // Runs `command`, its output into the build's; returns the exit status.
  int run(const std::string& command);
  // The .Sudo of the command templates; template data is text, so false is the empty string.
  std::string sudo() const { return options_.prevent_sudo ? "" : "true"; }

  // Whether the staging directory goes also when the run fails or is cancelled (not under
  // -on-error=abort, which keeps what a failed run left for debugging).
  void clean_staging_at_exit(bool clean);
  // Packer's removal after a successful run: its exit status is not checked.
  void remove_staging();

 private:
  ProvisionerContext& ctx_;
  const ChefOptions& options_;
  GuestCommands guest_;
  bool clean_at_exit_ = false;
  bool staging_left_ = false;  // created, and to be removed if the run ends early
};

// As Go's filepath.Join followed by ToSlash: `dir`/`name`, cleaned.
std::string chef_join(const std::string& dir, const std::string& name);

}  // namespace kiln
