#include "util/shell_quote.hpp"

namespace kiln {

std::string escape_single_quotes(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
  return out;
}

std::string shell_quote(const std::string& s) { return "'" + escape_single_quotes(s) + "'"; }

}  // namespace kiln
