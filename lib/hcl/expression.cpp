// Expressions: operators by HCL's precedence, conditionals, traversals and splats, function
// calls, tuple and object constructors and for expressions.
#include <fmt/format.h>

#include "hcl/parser_state.hpp"

namespace kiln::hcl::detail {
namespace {

struct BinaryOperator {
  TokenType token;
  Operator op;
  int precedence;  // higher binds tighter
};

constexpr BinaryOperator binary_operators[] = {
    {TokenType::Or, Operator::Or, 1},
    {TokenType::And, Operator::And, 2},
    {TokenType::EqualOp, Operator::Equal, 3},
    {TokenType::NotEqual, Operator::NotEqual, 3},
    {TokenType::Less, Operator::Less, 4},
    {TokenType::LessEqual, Operator::LessEqual, 4},
    {TokenType::Greater, Operator::Greater, 4},
    {TokenType::GreaterEqual, Operator::GreaterEqual, 4},
    {TokenType::Plus, Operator::Add, 5},
    {TokenType::Minus, Operator::Subtract, 5},
    {TokenType::Star, Operator::Multiply, 6},
    {TokenType::Slash, Operator::Divide, 6},
    {TokenType::Percent, Operator::Modulo, 6},
};

const BinaryOperator* binary_operator(TokenType t) {
  for (const BinaryOperator& b : binary_operators)
    if (b.token == t) return &b;
  return nullptr;
}

bool is_keyword(const Token& t, std::string_view word) { return t.type == TokenType::Identifier && t.text == word; }

}  // namespace

ExprPtr Parser::parse_expression() {
  Nest nest(*this);
  Pos start = peek().start;
  ExprPtr condition = parse_binary(0);
  if (!accept(TokenType::Question)) return condition;
  ExprPtr if_true = parse_expression();
  expect(TokenType::Colon, "Missing false expression in conditional",
         "The conditional operator (...?...:...) requires a false expression, delimited by a colon.");
  ExprPtr if_false = parse_expression();
  return make(start, ConditionalExpr{std::move(condition), std::move(if_true), std::move(if_false)});
}

ExprPtr Parser::parse_binary(int min_precedence) {
  Pos start = peek().start;
  ExprPtr lhs = parse_unary();
  Nest chain(*this, false);
  for (;;) {
    const BinaryOperator* op = binary_operator(peek().type);
    if (!op || op->precedence < min_precedence) return lhs;
    chain.deeper();
    next();
    ExprPtr rhs = parse_binary(op->precedence + 1);
    lhs = make(start, BinaryExpr{op->op, std::move(lhs), std::move(rhs)});
  }
}

ExprPtr Parser::parse_unary() {
  const Token& t = peek();
  if (t.type != TokenType::Bang && t.type != TokenType::Minus) {
    ExprPtr primary = parse_primary();
    return parse_traversal(std::move(primary), t.start);
  }
  Nest nest(*this);
  next();
  ExprPtr operand = parse_unary();
  auto* literal = std::get_if<LiteralExpr>(&operand->node);
  if (t.type == TokenType::Minus && literal && literal->kind == LiteralExpr::Kind::Number &&
      literal->text.front() != '-') {
    // A negative number is one literal, as in HCL.
    literal->text.insert(0, "-");
    operand->range.start = t.start;
    return operand;
  }
  return make(t.start, UnaryExpr{t.type == TokenType::Bang ? Operator::Not : Operator::Negate, std::move(operand)});
}

void Parser::fail_expression_start(const Token& t) {
  if (t.type == TokenType::Eof)
    fail(t, "Missing expression", "Expected the start of an expression, but found the end of the file.");
  fail(t, "Invalid expression", "Expected the start of an expression, but found an invalid expression token.");
}

ExprPtr Parser::parse_primary() {
  const Token& t = next();
  switch (t.type) {
    case TokenType::Number:
      return make(t.start, LiteralExpr{LiteralExpr::Kind::Number, std::string(t.text)});
    case TokenType::Identifier:
      if (peek().type == TokenType::OParen) return parse_call(t);
      if (t.text == "true" || t.text == "false")
        return make(t.start, LiteralExpr{LiteralExpr::Kind::Bool, {}, t.text == "true"});
      if (t.text == "null") return make(t.start, LiteralExpr{LiteralExpr::Kind::Null, {}});
      return make(t.start, VariableExpr{std::string(t.text)});
    case TokenType::OQuote:
    case TokenType::OHeredoc:
      return parse_template(t);
    case TokenType::OParen: {
      NewlineScope newlines(*this, false);
      ExprPtr inner = parse_expression();
      expect_closer(TokenType::CParen, t, "Unbalanced parentheses",
                    "Expected a closing parenthesis to terminate the expression.");
      return make(t.start, ParensExpr{std::move(inner)});
    }
    case TokenType::OBrack:
      return parse_tuple(t);
    case TokenType::OBrace:
      return parse_object(t);
    default:
      fail_expression_start(t);
  }
}

// .name, .0, [key], .* and [*] after an expression.
ExprPtr Parser::parse_traversal(ExprPtr expr, Pos start) {
  Nest chain(*this, false);
  for (;;) {
    const Token& t = peek();
    if (t.type == TokenType::Dot || t.type == TokenType::OBrack) chain.deeper();
    if (t.type == TokenType::Dot) {
      next();
      const Token& step = next();
      if (step.type == TokenType::Identifier) {
        expr = make(start, GetAttrExpr{std::move(expr), std::string(step.text)});
      } else if (step.type == TokenType::Number) {
        expr = parse_legacy_index(std::move(expr), start, step);
      } else if (step.type == TokenType::Star) {
        expr = parse_splat(std::move(expr), start, step, false);
      } else {
        fail(step, "Invalid attribute name", "An attribute name is required after a dot.");
      }
    } else if (t.type == TokenType::OBrack) {
      if (raw_after(1).type == TokenType::Star && raw_after(2).type == TokenType::CBrack) {
        next();
        const Token& star = next();
        next();
        expr = parse_splat(std::move(expr), start, star, true);
        continue;
      }
      next();
      NewlineScope newlines(*this, false);
      ExprPtr key = parse_expression();
      expect_closer(TokenType::CBrack, t, "Missing close bracket on index",
                    "The index operator must end with a closing bracket (\"]\").");
      expr = make(start, IndexExpr{std::move(expr), std::move(key)});
    } else {
      return expr;
    }
  }
}

// a.0 and a.0.1: the scanner reads "0.1" as one number, so it is split here.
ExprPtr Parser::parse_legacy_index(ExprPtr expr, Pos start, const Token& number) {
  std::string_view text = number.text;
  size_t dot = text.find('.');
  for (std::string_view part : {text.substr(0, dot), dot == text.npos ? std::string_view() : text.substr(dot + 1)}) {
    if (part.empty()) continue;
    if (part.find_first_not_of("0123456789") != part.npos)
      fail(number, "Invalid attribute name", "An attribute name or a whole-number index is required after a dot.");
    ExprPtr key = std::make_unique<Expr>(Expr{range(number), LiteralExpr{LiteralExpr::Kind::Number, std::string(part)}});
    expr = make(start, IndexExpr{std::move(expr), std::move(key)});
  }
  return expr;
}

// The steps after a splat apply to each element: only .name steps after .*, also [key] after [*].
ExprPtr Parser::parse_splat(ExprPtr source, Pos start, const Token& star, bool full) {
  ExprPtr each = std::make_unique<Expr>(Expr{range(star), SplatItemExpr{}});
  Nest chain(*this, false);
  for (;;) {
    const Token& t = peek();
    const Token& after = raw_after(1);
    chain.deeper();
    if (t.type == TokenType::Dot && after.type == TokenType::Identifier) {
      next();
      next();
      each = make(star.start, GetAttrExpr{std::move(each), std::string(after.text)});
    } else if (t.type == TokenType::Dot && after.type == TokenType::Number) {
      next();
      next();
      each = parse_legacy_index(std::move(each), star.start, after);
    } else if (full && t.type == TokenType::OBrack && after.type != TokenType::Star) {
      next();
      NewlineScope newlines(*this, false);
      ExprPtr key = parse_expression();
      expect_closer(TokenType::CBrack, t, "Missing close bracket on index",
                    "The index operator must end with a closing bracket (\"]\").");
      each = make(star.start, IndexExpr{std::move(each), std::move(key)});
    } else {
      return make(start, SplatExpr{std::move(source), std::move(each), full});
    }
  }
}

ExprPtr Parser::parse_call(const Token& name) {
  const Token& open = next();
  NewlineScope newlines(*this, false);
  CallExpr call{std::string(name.text), {}};
  if (accept(TokenType::CParen)) return make(name.start, std::move(call));
  for (;;) {
    if (peek().type == TokenType::Eof) expect_closer(TokenType::CParen, open, {}, {});
    call.args.push_back(parse_expression());
    if (accept(TokenType::Ellipsis)) {
      call.expand_final = true;
      expect_closer(TokenType::CParen, open, "Missing closing parenthesis",
                    "An expanded function argument (with ...) must be immediately followed by closing parentheses.");
      break;
    }
    if (accept(TokenType::Comma)) {
      if (accept(TokenType::CParen)) break;
      continue;
    }
    expect_closer(TokenType::CParen, open, "Missing argument separator",
                  "A comma is required to separate each function argument from the next.");
    break;
  }
  return make(name.start, std::move(call));
}

ExprPtr Parser::parse_tuple(const Token& open) {
  NewlineScope newlines(*this, false);
  if (is_keyword(peek(), "for") && raw_after(1).type == TokenType::Identifier) return parse_for(open, false);
  TupleExpr tuple;
  while (!accept(TokenType::CBrack)) {
    if (peek().type == TokenType::Eof) expect_closer(TokenType::CBrack, open, {}, {});
    tuple.items.push_back(parse_expression());
    if (accept(TokenType::Comma)) continue;
    expect_closer(TokenType::CBrack, open, "Missing item separator",
                  "Expected a comma to mark the beginning of the next item.");
    break;
  }
  return make(open.start, std::move(tuple));
}

ExprPtr Parser::parse_object(const Token& open) {
  size_t first = cursor_;
  while (tokens_[first].type == TokenType::Newline) ++first;
  if (is_keyword(tokens_[first], "for") && tokens_[first + 1].type == TokenType::Identifier) {
    NewlineScope newlines(*this, false);
    return parse_for(open, true);
  }
  NewlineScope newlines(*this, true);
  ObjectExpr object;
  for (;;) {
    while (accept(TokenType::Newline)) {
    }
    if (accept(TokenType::CBrace)) break;
    if (peek().type == TokenType::Eof) expect_closer(TokenType::CBrace, open, {}, {});
    ExprPtr key = parse_object_key();
    const Token& separator = next();
    if (separator.type != TokenType::Equal && separator.type != TokenType::Colon)
      fail(separator, "Missing key/value separator",
           "Expected an equals sign (\"=\") to mark the beginning of the attribute value.");
    ExprPtr value = parse_expression();
    object.items.push_back(ObjectItem{std::move(key), std::move(value)});
    if (accept(TokenType::Comma) || accept(TokenType::Newline)) continue;
    if (peek().type == TokenType::CBrace) continue;
    expect_closer(TokenType::CBrace, open, "Missing attribute separator",
                  "Expected a newline or comma to mark the beginning of the next attribute.");
    break;
  }
  return make(open.start, std::move(object));
}

// A bare name before = or : is the key itself, not a variable.
ExprPtr Parser::parse_object_key() {
  const Token& t = peek();
  TokenType after = raw_after(1).type;
  if (t.type == TokenType::Identifier && (after == TokenType::Equal || after == TokenType::Colon)) {
    next();
    return make(t.start, LiteralExpr{LiteralExpr::Kind::String, std::string(t.text)});
  }
  NewlineScope newlines(*this, false);
  return parse_expression();
}

ExprPtr Parser::parse_for(const Token& open, bool object) {
  next();  // for
  ForExpr f;
  const char* invalid = "Invalid 'for' expression";
  f.value_var = expect(TokenType::Identifier, invalid, "For expression requires variable name after 'for'.").text;
  if (accept(TokenType::Comma)) {
    f.key_var = std::move(f.value_var);
    f.value_var = expect(TokenType::Identifier, invalid, "For expression requires value variable name after comma.").text;
  }
  if (!is_keyword(peek(), "in"))
    fail(peek(), invalid, "For expression requires the 'in' keyword after its name declarations.");
  next();
  f.collection = parse_expression();
  expect(TokenType::Colon, invalid, "For expression requires a colon after the collection expression.");
  if (object) {
    f.key = parse_expression();
    expect(TokenType::FatArrow, invalid, "Key expression is required when building an object.");
  }
  f.value = parse_expression();
  if (object) f.grouping = accept(TokenType::Ellipsis);
  if (is_keyword(peek(), "if")) {
    next();
    f.condition = parse_expression();
  }
  expect_closer(object ? TokenType::CBrace : TokenType::CBrack, open, invalid,
                "Extra characters after the end of the 'for' expression.");
  return make(open.start, std::move(f));
}

}  // namespace kiln::hcl::detail
