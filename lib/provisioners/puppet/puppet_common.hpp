// What puppet-masterless and puppet-server share, as Packer 1.6.6's two provisioners do: the
// options besides what each uploads, the defaults per guest_os_type, the staging directory, the
// facts, and running the rendered execute_command.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiln/plugin.hpp"
#include "provisioners/guest_commands.hpp"

namespace kiln {

struct PuppetCommands {  // each provisioner's default execute_command per guest_os_type
  std::string on_unix, on_windows;
};
// How both defaults begin: the working directory, the facts, and (unix) sudo keeping them.
inline const std::string puppet_unix_prefix =
    "cd {{.WorkingDir}} && {{if ne .FacterVars \"\"}}{{.FacterVars}} {{end}}{{if .Sudo}}sudo -E {{end}}";
inline const std::string puppet_windows_prefix = "cd {{.WorkingDir}} && {{if ne .FacterVars \"\"}}{{.FacterVars}} && {{end}}";

struct PuppetOptions {
  std::string guest_os_type, execute_command, puppet_bin_dir, staging_dir, working_dir;
  std::vector<std::string> extra_arguments;
  std::map<std::string, std::string> facter;
  bool clean_staging = false, ignore_exit_codes = false, prevent_sudo = false;

  // The schema fields of these options; the staging directory's key is `staging_key`.
  static std::vector<Field> fields(const char* staging_key);
  // Reads them; the default staging directory is /tmp/<staging_name> (windows: under SYSTEMROOT).
  // False, with the problem added, when guest_os_type is not one Packer knows.
  bool read(const Config& c, Problems& problems, const char* staging_key, const char* staging_name,
            const PuppetCommands& commands);
};

// One provisioner run: announces it and creates the staging directory; with clean_staging_directory
// the directory goes when the run ends, also by failure or cancel.
class PuppetRun {
 public:
  PuppetRun(ProvisionerContext& ctx, const PuppetOptions& options);
  ~PuppetRun();
  PuppetRun(const PuppetRun&) = delete;
  PuppetRun& operator=(const PuppetRun&) = delete;

  // Creates `dir` (mode 0777, so that the login user can upload into what sudo made).
  void create_dir(const std::string& dir);
  // Uploads the contents of `local` into `remote`, created first.
  void upload_dir(const std::string& local, const std::string& remote);
  void upload_file(const std::string& local, const std::string& remote);
  // Renders execute_command with `data` plus the shared fields (.FacterVars, .PuppetBinDir, .Sudo,
  // .WorkingDir, .Debug, .ExtraArguments), runs it, checks puppet's detailed exit code, and removes
  // the staging directory when asked to.
  void execute(std::map<std::string, std::string> data);

 private:
  void remove_staging(const CancelToken& cancel);

  ProvisionerContext& ctx_;
  const PuppetOptions& options_;
  GuestCommands guest_;
  bool staging_left_ = false;  // created and still to be removed when the run ends early
};

}  // namespace kiln
