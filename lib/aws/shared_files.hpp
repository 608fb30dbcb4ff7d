// The AWS shared files (~/.aws/credentials, ~/.aws/config): INI sections of key = value lines.
#pragma once

#include <map>
#include <string>

namespace kiln::aws {

// The key/value pairs of section `section` in the INI file at `path`; empty when the file or the
// section is absent. Comment lines (# or ;) and lines without '=' are skipped; keys and values are trimmed.
std::map<std::string, std::string> read_ini_section(const std::string& path, const std::string& section);

}  // namespace kiln::aws
