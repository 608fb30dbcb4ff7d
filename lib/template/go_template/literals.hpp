// Go's string, character and number literals inside template actions.
#pragma once

#include <string>
#include <string_view>

#include "template/go_template/syntax.hpp"

namespace kiln::gotmpl {

// Decodes the Go escape at s[i] ('\\' included) into `out`, advancing i past it; returns the rune
// (or byte) value. `pos` is where the literal starts, for the error.
char32_t unescape(const Source& src, std::string_view s, size_t& i, char quote, size_t pos, std::string& out);

// A Number or Char token's value, with Go's rules for when a number counts as an integer.
Val number_literal(const Source& src, const Token& t);

}  // namespace kiln::gotmpl
