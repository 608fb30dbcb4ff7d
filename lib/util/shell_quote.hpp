// Quoting for POSIX sh command lines run on a remote machine.
#pragma once

#include <string>

namespace kiln {

// `s` as one single-quoted sh word; embedded single quotes become '"'"'.
std::string shell_quote(const std::string& s);

}  // namespace kiln
