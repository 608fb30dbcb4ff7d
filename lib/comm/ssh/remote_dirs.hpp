// The directories an SFTP upload of a folder creates on the remote side.
#pragma once

#include <string>
#include <vector>

namespace kiln {

// The directories `mkdir -p remote` would create, outermost first, "/" itself left out: SFTP
// creates them one at a time.
std::vector<std::string> remote_dirs(const std::string& remote);

}  // namespace kiln
