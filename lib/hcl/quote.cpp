#include "hcl/quote.hpp"

#include <fmt/format.h>

namespace kiln::hcl {

std::string escape(std::string_view text, bool template_sequences) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool opens = template_sequences && i + 1 < text.size() && text[i + 1] == '{';
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '$': out += opens ? "$$" : "$"; break;
      case '%': out += opens ? "%%" : "%"; break;
      default:
        if (c < 0x20 || c == 0x7f) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string quote(std::string_view text, bool template_sequences) {
  return "\"" + escape(text, template_sequences) + "\"";
}

}  // namespace kiln::hcl
