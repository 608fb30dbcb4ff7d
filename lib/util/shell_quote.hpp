// Quoting for POSIX sh command lines run on a remote machine.
#pragma once

#include <string>

namespace kiln {

// `s` for use inside single quotes: each ' becomes '"'"' (close, quoted quote, reopen), as Packer does.
std::string escape_single_quotes(const std::string& s);
// `s` as one single-quoted sh word.
std::string shell_quote(const std::string& s);

}  // namespace kiln
