// "~" at the start of a path, as Packer's pathing.ExpandUser reads it.
#pragma once

#include <string>

#include "kiln/environment.hpp"

namespace kiln {

// `path` with a leading "~" replaced by the home directory of the process's user in the password
// database (the run's HOME when there is no entry); unchanged when it does not start with "~" or no
// home is known.
std::string expand_user(const std::string& path, const Environment& env);

}  // namespace kiln
