// Bodies, attributes and blocks; the cursor and diagnostics shared with the expression parser;
// the public entry points.
#include "hcl/parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hcl/parser_state.hpp"

namespace kiln::hcl {
namespace detail {

Parser::Parser(const LexResult& lexed, const std::string& file, Diagnostics& diagnostics)
    : tokens_(lexed.tokens), truncated_(lexed.truncated), file_(file), diagnostics_(diagnostics) {}

void Nest::deeper() {
  ++levels_;
  if (++p_.depth_ <= kMaxNesting) return;
  const Token& at = p_.peek();
  p_.report(p_.range(at), "Too deeply nested",
            fmt::format("More than {} levels of blocks, brackets, parentheses, operators or templates are nested "
                        "here; parsing stops.",
                        kMaxNesting));
  throw TooDeep{};
}

const Token& Parser::peek() {
  if (!newlines_significant_.back())
    while (tokens_[cursor_].type == TokenType::Newline) ++cursor_;
  return tokens_[cursor_];
}

const Token& Parser::next() {
  const Token& t = peek();
  if (t.type != TokenType::Eof) {
    ++cursor_;
    last_end_ = t.end;
  }
  return t;
}

bool Parser::accept(TokenType type) {
  if (peek().type != type) return false;
  next();
  return true;
}

const Token& Parser::raw_after(size_t n) const { return tokens_[std::min(cursor_ + n, tokens_.size() - 1)]; }

std::string Parser::where(Pos p) const { return fmt::format("{}:{},{}", file_, p.line, p.column); }

void Parser::report(Range subject, std::string summary, std::string detail) {
  diagnostics_.push_back(Diagnostic{std::move(subject), std::move(summary), std::move(detail)});
}

void Parser::fail(const Token& t, std::string summary, std::string detail) {
  bool already_reported = t.type == TokenType::Invalid || (t.type == TokenType::Eof && truncated_);
  if (!already_reported) report(range(t), std::move(summary), std::move(detail));
  abandon(static_cast<size_t>(&t - tokens_.data()));
}

void Parser::abandon(size_t at) {
  abandoned_at_ = at;
  throw Abandon{};
}

void Parser::expect_closer(TokenType closer, const Token& opener, std::string summary, std::string detail) {
  const Token& t = peek();
  if (t.type == closer) {
    next();
    return;
  }
  if (t.type == TokenType::Eof && !truncated_) {
    const char* name = closer == TokenType::CParen ? "parenthesis" : closer == TokenType::CBrack ? "bracket" : "brace";
    report(range(opener), fmt::format("Unclosed \"{}\"", opener.text),
           fmt::format("There is no closing {} for the \"{}\" that starts at {} before the end of the file.", name,
                       opener.text, where(opener.start)));
    abandon(cursor_);
  }
  fail(t, std::move(summary), std::move(detail));
}

const Token& Parser::expect(TokenType type, std::string summary, std::string detail) {
  const Token& t = peek();
  if (t.type != type) fail(t, std::move(summary), std::move(detail));
  return next();
}

Body Parser::parse_body(const Token* open_brace) {
  NewlineScope newlines(*this, true);
  Body body;
  Pos start = open_brace ? open_brace->start : tokens_.front().start;
  for (;;) {
    const Token& t = peek();
    if (t.type == TokenType::Newline) {
      next();
      continue;
    }
    if (t.type == TokenType::Eof) {
      if (open_brace)
        report(range(*open_brace), "Unclosed configuration block",
               fmt::format("There is no closing brace for the block that starts at {} before the end of the file. "
                           "This may be caused by incorrect brace nesting elsewhere in this file.",
                           where(open_brace->start)));
      break;
    }
    if (t.type == TokenType::CBrace) {
      next();
      if (open_brace) break;
      report(range(t), "Argument or block definition required",
             "An argument or block definition is required here; this closing brace has no opening one.");
      continue;
    }
    size_t item_start = cursor_;
    try {
      parse_body_item(body);
    } catch (const Abandon&) {
      recover(item_start, open_brace != nullptr);
    }
  }
  body.range = span_from(start);
  return body;
}

void Parser::parse_body_item(Body& body) {
  const Token& name = next();
  if (name.type != TokenType::Identifier)
    fail(name, "Argument or block definition required", "An argument or block definition is required here.");
  switch (peek().type) {
    case TokenType::Equal:
      return parse_attribute(body, name, false);
    case TokenType::OQuote:
    case TokenType::Identifier:
    case TokenType::OBrace:
      return parse_block(body, name);
    default:
      fail(peek(), "Argument or block definition required",
           "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to "
           "introduce the argument value.");
  }
}

void Parser::parse_attribute(Body& body, const Token& name, bool single_line) {
  next();  // =
  ExprPtr value = parse_expression();
  Range whole = span_from(name.start);
  const Token& end = peek();
  if (single_line) {
    if (end.type != TokenType::CBrace)
      fail(end, "Invalid single-argument block definition",
           "A single-line block definition must end with a closing brace immediately after its single argument "
           "definition.");
  } else {
    if (end.type != TokenType::Newline && end.type != TokenType::Eof)
      fail(end, "Missing newline after argument", "An argument definition must end with a newline.");
    accept(TokenType::Newline);
  }
  for (const Attribute& existing : body.attributes) {
    if (existing.name != name.text) continue;
    report(range(name), "Attribute redefined",
           fmt::format("The argument \"{}\" was already set at {}. Each argument may be set only once.", name.text,
                       existing.name_range.str()));
    return;
  }
  body.attributes.push_back(Attribute{std::string(name.text), std::move(value), whole, range(name)});
}

void Parser::parse_block(Body& body, const Token& type) {
  Block block;
  block.type = type.text;
  block.type_range = range(type);
  for (;;) {
    const Token& t = peek();
    if (t.type == TokenType::Identifier) {
      block.labels.emplace_back(next().text);
    } else if (t.type == TokenType::OQuote) {
      next();
      block.labels.push_back(parse_label(t));
    } else {
      break;
    }
    block.label_ranges.push_back(span_from(t.start));
  }
  const Token& open = expect(TokenType::OBrace, "Invalid block definition",
                             "Either a quoted string block label or an opening brace (\"{\") is expected here.");
  {
    Nest nest(*this);
    TokenType first = peek().type;
    block.body = first == TokenType::CBrace || first == TokenType::Identifier ? parse_single_line_body(open)
                                                                             : parse_body(&open);
  }
  block.range = span_from(type.start);
  const Token& end = peek();
  if (end.type != TokenType::Newline && end.type != TokenType::Eof)
    fail(end, "Missing newline after block definition", "A block definition must end with a newline.");
  accept(TokenType::Newline);
  body.blocks.push_back(std::move(block));
}

// { } or { name = value } on the line of the block header.
Body Parser::parse_single_line_body(const Token& open_brace) {
  Body body;
  if (!accept(TokenType::CBrace)) {
    const Token& name = next();
    if (peek().type != TokenType::Equal)
      fail(peek(), "Invalid single-argument block definition",
           "A single-line block definition can contain only a single argument. To define a nested block, place it "
           "on a line of its own within its parent block.");
    parse_attribute(body, name, true);
    next();  // }
  }
  body.range = span_from(open_brace.start);
  return body;
}

std::string Parser::parse_label(const Token& open_quote) {
  ExprPtr label = parse_template(open_quote);
  std::string text;
  for (const ExprPtr& part : std::get<TemplateExpr>(label->node).parts) {
    const auto* literal = std::get_if<LiteralExpr>(&part->node);
    if (!literal) {
      report(label->range, "Invalid string literal",
             "Template sequences are not allowed in this string. To include a literal \"$\", double it (as \"$$\") "
             "to escape it.");
      return {};
    }
    text += literal->text;
  }
  return text;
}

// Skips the rest of an abandoned item: to just after the next newline outside brackets and
// templates, or to the brace closing the enclosing block's body, at or after where it went wrong.
void Parser::recover(size_t item_start, bool in_block) {
  int nesting = 0;
  size_t k = item_start;
  for (; tokens_[k].type != TokenType::Eof; ++k) {
    switch (tokens_[k].type) {
      case TokenType::OBrace: case TokenType::OBrack: case TokenType::OParen: case TokenType::OQuote:
      case TokenType::OHeredoc: case TokenType::TemplateInterp: case TokenType::TemplateControl:
        ++nesting;
        break;
      case TokenType::CBrack: case TokenType::CParen: case TokenType::CQuote: case TokenType::CHeredoc:
      case TokenType::TemplateSeqEnd:
        if (nesting > 0) --nesting;
        break;
      case TokenType::CBrace:
        if (nesting == 0 && in_block && k > item_start && k >= abandoned_at_) {
          cursor_ = k;
          return;
        }
        if (nesting > 0) --nesting;
        break;
      case TokenType::Newline:
        if (nesting == 0 && k >= abandoned_at_) {
          cursor_ = k + 1;
          return;
        }
        break;
      default:
        break;
    }
  }
  cursor_ = k;
}

// Lexer and parser problems interleaved in the order of the text they point at.
void sort_by_position(Diagnostics& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.subject.start.byte < b.subject.start.byte; });
}

}  // namespace detail

ParsedFile parse_file(std::string_view source, const std::string& file) {
  LexResult lexed = lex(source, file);
  ParsedFile parsed;
  parsed.diagnostics = std::move(lexed.diagnostics);
  detail::Parser parser(lexed, file, parsed.diagnostics);
  try {
    parsed.body = parser.parse_body(nullptr);
  } catch (const detail::TooDeep&) {
    parsed.body = Body{};
  }
  detail::sort_by_position(parsed.diagnostics);
  return parsed;
}

ParsedExpr parse_expression(std::string_view source, const std::string& file) {
  LexResult lexed = lex(source, file);
  ParsedExpr parsed;
  parsed.diagnostics = std::move(lexed.diagnostics);
  detail::Parser parser(lexed, file, parsed.diagnostics);
  try {
    detail::NewlineScope newlines(parser, false);
    ExprPtr expr = parser.parse_expression();
    const Token& rest = parser.peek();
    if (rest.type != TokenType::Eof) {
      if (rest.type != TokenType::Invalid)
        parsed.diagnostics.push_back(Diagnostic{Range{file, rest.start, rest.end}, "Extra characters after expression",
                                                "An expression was successfully parsed, but extra characters were "
                                                "found after it."});
    } else {
      parsed.expr = std::move(expr);
    }
  } catch (const detail::Abandon&) {
  } catch (const detail::TooDeep&) {
  }
  detail::sort_by_position(parsed.diagnostics);
  return parsed;
}

}  // namespace kiln::hcl
