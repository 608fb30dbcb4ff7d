// Tokens inside a template action ({{ … }}), with Go's text/template rules. The parser finds the
// text between actions itself and moves the lexer into each action.
#pragma once

#include <string_view>

#include "template/go_template/syntax.hpp"

namespace kiln::gotmpl {

class Lexer {
 public:
  explicit Lexer(Source source) : source_(source), src_(source.text()) {}

  const Source& source() const { return source_; }
  size_t pos() const { return pos_; }
  // Moves into the action whose "{{" is at `open`; its content starts at `inner`.
  void enter_action(size_t open, size_t inner) {
    action_start_ = open;
    pos_ = inner;
  }
  bool at_comment() const { return src_.substr(pos_, 2) == "/*"; }
  // Skips "/* … */" and the closing delimiter; true when that was "-}}" (trim the text after it).
  bool skip_comment();
  // The next token; a missing "}}" is an error naming where the action opened.
  Token next();
  // Whether a ".Field" follows right away (no space), continuing a field chain.
  bool peek_field() const;

 private:
  Token scan();
  // Identifiers and fields must be followed by a space, delimiter or punctuation.
  void check_terminator(size_t start) const;
  Token number_token(size_t start);
  Token quoted(size_t start);

  Source source_;
  std::string_view src_;
  size_t pos_ = 0;
  size_t action_start_ = 0;
};

}  // namespace kiln::gotmpl
