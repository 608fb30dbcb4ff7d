// Tokens of HCL2 native syntax. Template text is split into literal chunks and the
// sequences that open and close interpolations and directives, as HCL's scanner does.
#pragma once

#include <string_view>
#include <vector>

#include "hcl/diagnostics.hpp"

namespace kiln::hcl {

enum class TokenType {
  Identifier,
  Number,
  OQuote,           // " opening a quoted template
  CQuote,           // " closing it
  QuotedLit,        // literal text of a quoted template, escapes not yet processed
  OHeredoc,         // <<EOT or <<-EOT with its newline
  CHeredoc,         // the closing marker line
  HeredocLit,       // literal text of a heredoc: a line, or part of one
  TemplateInterp,   // ${
  TemplateControl,  // %{
  TemplateSeqEnd,   // } closing either
  StripMarker,      // ~ right after ${ or %{, or right before their }
  OBrace, CBrace, OBrack, CBrack, OParen, CParen,
  Comma, Dot, Ellipsis, Star, Question, Colon, Equal, FatArrow,
  Bang, EqualOp, NotEqual, Less, LessEqual, Greater, GreaterEqual, And, Or,
  Plus, Minus, Slash, Percent,
  Newline,
  Invalid,  // bytes the lexer already reported
  Eof,
};

struct Token {
  TokenType type;
  std::string_view text;  // points into the source, which outlives the tokens
  Pos start;
  Pos end;
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with Eof
  Diagnostics diagnostics;
  bool truncated = false;  // the input ended inside a string, heredoc, template or comment (already reported)
};

// Splits source into tokens, reporting invalid characters and encodings and every unterminated
// string, heredoc, template sequence and comment with the position where it opened.
LexResult lex(std::string_view source, const std::string& file);

}  // namespace kiln::hcl
