// HCL's quoted-string syntax for writing values and expressions back as text.
#pragma once

#include <string>
#include <string_view>

namespace kiln::hcl {

// `text` as the inside of an HCL quoted string: \" \\ \n \r \t escaped, other control characters
// as \uXXXX; with `template_sequences`, "${" and "%{" doubled to "$${" and "%%{" so that they stay
// literal text (for writing templates, not values' debug forms).
std::string escape(std::string_view text, bool template_sequences = false);

// escape() inside double quotes.
std::string quote(std::string_view text, bool template_sequences = false);

}  // namespace kiln::hcl
