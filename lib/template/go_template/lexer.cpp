// Tokens inside a template action ({{ … }}), with Go's text/template rules.
#include "template/go_template/lexer.hpp"

#include <fmt/format.h>

#include "template/go_template/literals.hpp"

namespace kiln::gotmpl {

bool Lexer::peek_field() const {
  return pos_ + 1 < src_.size() && src_[pos_] == '.' && is_alnum(src_[pos_ + 1]) &&
         !(src_[pos_ + 1] >= '0' && src_[pos_ + 1] <= '9');
}

bool Lexer::skip_comment() {
  size_t close = src_.find("*/", pos_ + 2);
  if (close == src_.npos) source_.fail(action_start_, "unclosed comment");
  pos_ = close + 2;
  if (src_.substr(pos_, 4) == " -}}") {
    pos_ += 4;
    return true;
  }
  if (src_.substr(pos_, 2) != "}}") source_.fail(close, "a comment must end right before the closing }}");
  pos_ += 2;
  return false;
}

Token Lexer::next() {
  bool space = false;
  while (true) {
    if (pos_ >= src_.size()) source_.fail(action_start_, "unclosed action: missing }}");
    if (src_.substr(pos_, 4) == " -}}" || src_.substr(pos_, 4) == "\t-}}" || src_.substr(pos_, 4) == "\n-}}" ||
        src_.substr(pos_, 4) == "\r-}}") {
      Token t{Tok::RightDelim, pos_ + 1, "-}}"};
      t.trim = true;
      t.space_before = true;
      pos_ += 4;
      return t;
    }
    if (src_.substr(pos_, 2) == "}}") {
      Token t{Tok::RightDelim, pos_, "}}"};
      t.space_before = space;
      pos_ += 2;
      return t;
    }
    if (!is_space(src_[pos_])) break;
    space = true;
    ++pos_;
  }
  Token t = scan();
  t.space_before = space;
  return t;
}

Token Lexer::scan() {
  size_t start = pos_;
  char c = src_[pos_];
  auto single = [&](Tok k) {
    ++pos_;
    return Token{k, start, std::string(1, c)};
  };
  switch (c) {
    case '(': return single(Tok::LParen);
    case ')': return single(Tok::RParen);
    case '|': return single(Tok::Pipe);
    case ',': return single(Tok::Comma);
    case '=': return single(Tok::Assign);
    case ':':
      if (src_.substr(pos_, 2) != ":=") source_.fail(pos_, "expected :=");
      pos_ += 2;
      return Token{Tok::Assign, start, ":="};
    case '"': return quoted(start);
    case '`': {
      size_t close = src_.find('`', pos_ + 1);
      if (close == src_.npos) source_.fail(start, "unterminated raw string");
      pos_ = close + 1;
      Token t{Tok::String, start, std::string(src_.substr(start, pos_ - start))};
      t.value = std::string(src_.substr(start + 1, close - start - 1));
      return t;
    }
    case '\'': {
      size_t i = pos_ + 1;
      while (i < src_.size() && src_[i] != '\'' && src_[i] != '\n') i += src_[i] == '\\' ? 2 : 1;
      if (i >= src_.size() || src_[i] != '\'') source_.fail(start, "unterminated character constant");
      pos_ = i + 1;
      Token t{Tok::Char, start, std::string(src_.substr(start, pos_ - start))};
      t.value = std::string(src_.substr(start + 1, i - start - 1));
      if (t.value.empty()) source_.fail(start, "empty character constant");
      return t;
    }
    case '$': {
      ++pos_;
      while (pos_ < src_.size() && is_alnum(src_[pos_])) ++pos_;
      return Token{Tok::Variable, start, std::string(src_.substr(start, pos_ - start))};
    }
    case '.':
      if (pos_ + 1 < src_.size() && src_[pos_ + 1] >= '0' && src_[pos_ + 1] <= '9') return number_token(start);
      ++pos_;
      if (pos_ < src_.size() && is_alnum(src_[pos_])) {
        while (pos_ < src_.size() && is_alnum(src_[pos_])) ++pos_;
        check_terminator(start);
        return Token{Tok::Field, start, std::string(src_.substr(start, pos_ - start))};
      }
      check_terminator(start);
      return Token{Tok::Dot, start, "."};
    default: break;
  }
  if (c == '+' || c == '-' || (c >= '0' && c <= '9')) return number_token(start);
  if (is_alnum(c)) {
    while (pos_ < src_.size() && is_alnum(src_[pos_])) ++pos_;
    check_terminator(start);
    return Token{Tok::Ident, start, std::string(src_.substr(start, pos_ - start))};
  }
  source_.fail(start, fmt::format("unexpected character '{}' in an action", c));
}

void Lexer::check_terminator(size_t start) const {
  if (pos_ >= src_.size()) return;
  char c = src_[pos_];
  if (is_space(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' ||
      src_.substr(pos_, 2) == "}}")
    return;
  source_.fail(start, fmt::format("unexpected character '{}' after \"{}\"", c, src_.substr(start, pos_ - start)));
}

Token Lexer::number_token(size_t start) {
  size_t i = pos_;
  if (src_[i] == '+' || src_[i] == '-') ++i;
  bool hex = src_.substr(i, 2) == "0x" || src_.substr(i, 2) == "0X";
  while (i < src_.size()) {
    char c = src_[i];
    bool exp_sign = (c == '+' || c == '-') && i > 0 && !hex && (src_[i - 1] == 'e' || src_[i - 1] == 'E');
    if (is_alnum(c) || c == '.' || exp_sign) {
      ++i;
      continue;
    }
    break;
  }
  pos_ = i;
  Token t{Tok::Number, start, std::string(src_.substr(start, i - start))};
  if (t.text == "+" || t.text == "-") source_.fail(start, fmt::format("bad number \"{}\"", t.text));
  return t;
}

Token Lexer::quoted(size_t start) {
  std::string value;
  size_t i = pos_ + 1;
  while (true) {
    if (i >= src_.size() || src_[i] == '\n') source_.fail(start, "unterminated quoted string");
    char c = src_[i];
    if (c == '"') break;
    if (c == '\\') {
      unescape(source_, src_, i, '"', start, value);
      continue;
    }
    value += c;
    ++i;
  }
  pos_ = i + 1;
  Token t{Tok::String, start, std::string(src_.substr(start, pos_ - start))};
  t.value = std::move(value);
  return t;
}

}  // namespace kiln::gotmpl
