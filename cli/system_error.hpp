// errno as Go spells it in Packer's messages: strerror's text starting lower-case ("no such file
// or directory").
#pragma once

#include <cctype>
#include <cstring>
#include <string>

namespace kiln::cli {

inline std::string system_error_text(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace kiln::cli
