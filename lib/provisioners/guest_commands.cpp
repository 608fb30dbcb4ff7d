#include "provisioners/guest_commands.hpp"

#include "util/shell_quote.hpp"

namespace kiln {

bool GuestCommands::known(const std::string& os_type) { return os_type == "unix" || os_type == "windows"; }

// Unix paths go inside single quotes (escaped, where Packer pastes them as they are); PowerShell
// paths have their spaces escaped with a backtick.
std::string GuestCommands::path_word(const std::string& path) const {
  if (!windows()) return "'" + escape_single_quotes(path) + "'";
  std::string out;
  for (char c : path) out += c == ' ' ? std::string("` ") : std::string(1, c);
  return out;
}

std::string GuestCommands::with_sudo(std::string command) const { return !windows() && sudo_ ? "sudo " + command : command; }

std::string GuestCommands::create_dir(const std::string& path) const {
  if (windows())
    return "powershell.exe -Command \"New-Item -ItemType directory -Force -ErrorAction SilentlyContinue -Path " +
           path_word(path) + "\"";
  return with_sudo("mkdir -p " + path_word(path));
}

std::string GuestCommands::chmod(const std::string& path, const std::string& mode) const {
  if (windows()) return "echo 'skipping chmod " + mode + " " + path_word(path) + "'";
  return with_sudo("chmod " + mode + " " + path_word(path));
}

std::string GuestCommands::remove_dir(const std::string& path) const {
  if (windows()) return "powershell.exe -Command \"rm " + path_word(path) + " -recurse -force\"";
  return with_sudo("rm -rf " + path_word(path));
}

}  // namespace kiln
