// Go's filepath.Glob on glob(3), for the settings Packer expands with it (artifice's files, cd_files).
#pragma once

#include <string>
#include <vector>

namespace kiln {

// The paths matching `pattern`, in lexical order: "*" also matches a leading dot but never "." or
// "..", and no match gives nothing. Throws kiln::Error("syntax error in pattern", Go's
// ErrBadPattern) for a malformed pattern (an unclosed "[", a trailing "\").
std::vector<std::string> go_glob(const std::string& pattern);

}  // namespace kiln
