// The token stream the formatter rearranges: the lexer's tokens plus the comments it skips, in
// the shapes HCL's own scanner gives them, since the layout rules are written in those terms.
#pragma once

#include <string_view>
#include <vector>

#include "hcl/token.hpp"

namespace kiln::hcl {

struct LayoutToken {
  TokenType type;
  std::string_view text;
  bool comment = false;  // the lexer has no comment tokens: type then means nothing
  int spaces = 0;        // spaces written before the text

  // A # or // comment takes its newline, so it ends its line too.
  bool ends_line() const { return comment ? text.ends_with('\n') : type == TokenType::Newline; }
  bool is(TokenType t) const { return !comment && type == t; }
};

// As HCL scans: `#` and `//` comments take their newline; `${~`, `%{~` and `~}` are single tokens;
// a newline takes the carriage return before it. The last token is Eof, whose spaces are the
// blanks that end the source.
std::vector<LayoutToken> layout_tokens(std::string_view source, const std::vector<Token>& lexed);

}  // namespace kiln::hcl
