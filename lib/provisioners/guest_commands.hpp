// The commands Packer's provisioners run to manage directories on the machine, per guest_os_type
// ("unix" or "windows"), as Packer's guestexec writes them: prefixed with `sudo` on unix unless the
// provisioner's prevent_sudo is set.
#pragma once

#include <string>
#include <utility>

namespace kiln {

class GuestCommands {
 public:
  // Whether `os_type` (lower case) is one Packer knows.
  static bool known(const std::string& os_type);
  GuestCommands(std::string os_type, bool sudo) : os_type_(std::move(os_type)), sudo_(sudo) {}

  std::string create_dir(const std::string& path) const;
  std::string chmod(const std::string& path, const std::string& mode) const;
  std::string remove_dir(const std::string& path) const;

 private:
  bool windows() const { return os_type_ == "windows"; }
  std::string path_word(const std::string& path) const;
  std::string with_sudo(std::string command) const;

  std::string os_type_;
  bool sudo_;
};

}  // namespace kiln
