// The recursive-descent parser shared by parser.cpp (bodies and blocks), expression.cpp and
// template.cpp. Internal to lib/hcl.
#pragma once

#include <string>
#include <vector>

#include "hcl/ast.hpp"
#include "hcl/token.hpp"

namespace kiln::hcl::detail {

// Deeper nesting of blocks, brackets, parentheses, operators or templates is refused, so hostile
// input cannot exhaust the stack.
inline constexpr int kMaxNesting = 200;

// Thrown once a body item's problem is reported: the body resumes at its next line.
struct Abandon {};
// Thrown when nesting passes kMaxNesting: the whole parse stops.
struct TooDeep {};

class Parser {
 public:
  Parser(const LexResult& lexed, const std::string& file, Diagnostics& diagnostics);

  // Attributes and blocks up to the closing brace after open_brace, or to the end of input
  // when open_brace is null.
  Body parse_body(const Token* open_brace);
  ExprPtr parse_expression();
  const Token& peek();

 private:
  friend class NewlineScope;
  friend class Nest;

  // Cursor. Newline tokens are skipped unless the innermost scope makes them significant.
  const Token& next();
  bool accept(TokenType type);
  const Token& raw_after(size_t n) const;  // the token n places after the cursor, newlines included
  Range range(Pos start, Pos end) const { return Range{file_, start, end}; }
  Range range(const Token& t) const { return range(t.start, t.end); }
  Range span_from(Pos start) const { return range(start, last_end_); }
  template <typename Node>
  ExprPtr make(Pos start, Node node) {
    return std::make_unique<Expr>(Expr{span_from(start), std::move(node)});
  }
  std::string where(Pos p) const;

  void report(Range subject, std::string summary, std::string detail);
  // Reports at t and abandons the item; tokens the lexer already reported are not reported twice.
  [[noreturn]] void fail(const Token& t, std::string summary, std::string detail);
  // Abandons the item, which went wrong at the token with this index.
  [[noreturn]] void abandon(size_t at);
  // Consumes closer, or fails naming the opener when input ends first.
  void expect_closer(TokenType closer, const Token& opener, std::string summary, std::string detail);
  const Token& expect(TokenType type, std::string summary, std::string detail);

  // parser.cpp
  void parse_body_item(Body& body);
  void parse_attribute(Body& body, const Token& name, bool single_line);
  Body parse_single_line_body(const Token& open_brace);
  void parse_block(Body& body, const Token& type);
  std::string parse_label(const Token& open_quote);
  void recover(size_t item_start, bool in_block);

  // expression.cpp
  ExprPtr parse_binary(int min_precedence);
  ExprPtr parse_unary();
  ExprPtr parse_primary();
  ExprPtr parse_traversal(ExprPtr expr, Pos start);
  ExprPtr parse_splat(ExprPtr source, Pos start, const Token& star, bool full);
  ExprPtr parse_legacy_index(ExprPtr expr, Pos start, const Token& number);
  ExprPtr parse_call(const Token& name);
  ExprPtr parse_tuple(const Token& open);
  ExprPtr parse_object(const Token& open);
  ExprPtr parse_object_key();
  ExprPtr parse_for(const Token& open, bool object);
  [[noreturn]] void fail_expression_start(const Token& t);

  // template.cpp
  ExprPtr parse_template(const Token& open);  // after OQuote or OHeredoc
  std::string unescape_quoted(const Token& literal);

  const std::vector<Token>& tokens_;
  bool truncated_;
  const std::string& file_;
  Diagnostics& diagnostics_;
  size_t cursor_ = 0;
  Pos last_end_;
  std::vector<bool> newlines_significant_{true};
  int depth_ = 0;
  // Where the last abandoned item went wrong: its recovery resumes there or later, so the tokens it
  // consumed (nested blocks among them) are never parsed, and their problems reported, again.
  size_t abandoned_at_ = 0;
};

// Makes newlines significant (bodies, object constructors) or not (brackets, parentheses,
// template sequences) until the end of the scope.
class NewlineScope {
 public:
  NewlineScope(Parser& p, bool significant) : p_(p) { p_.newlines_significant_.push_back(significant); }
  ~NewlineScope() { p_.newlines_significant_.pop_back(); }
  NewlineScope(const NewlineScope&) = delete;
  NewlineScope& operator=(const NewlineScope&) = delete;

 private:
  Parser& p_;
};

// Levels of nesting, given back at the end of the scope: one on entry unless entered is false,
// and one more per deeper() (a chain of operators or traversal steps deepens the tree as much).
class Nest {
 public:
  explicit Nest(Parser& p, bool entered = true) : p_(p) {
    if (entered) deeper();
  }
  ~Nest() { p_.depth_ -= levels_; }
  Nest(const Nest&) = delete;
  Nest& operator=(const Nest&) = delete;

  void deeper();

 private:
  Parser& p_;
  int levels_ = 0;
};

}  // namespace kiln::hcl::detail
