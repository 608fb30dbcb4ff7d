// "~" at the start of a path, as Packer's pathing.ExpandUser reads it.
#pragma once

#include <string>

#include "kiln/environment.hpp"

namespace kiln {

// `path` with a leading "~" replaced by the home directory (the run's HOME, else the password
// database's entry for the process's user); unchanged when it does not start with "~" or no home
// is known.
std::string expand_user(const std::string& path, const Environment& env);

}  // namespace kiln
