// Quoted and heredoc templates: literal text with its escapes, ${ } interpolations, %{ if } and
// %{ for } directives, ~ strip markers, and the indentation <<- removes.
#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "hcl/parser_state.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl::detail {
namespace {

// One piece of a template before directives are nested.
struct Item {
  enum Kind { Literal, Interpolation, If, Else, EndIf, For, EndFor } kind;
  Range range;
  std::string text;  // literal text
  ExprPtr expr;      // interpolation, if condition or for collection
  std::string key_var, value_var;
  bool strip_before = false;  // ${~ or %{~: trims the whitespace that ends the previous literal
  bool strip_after = false;   // ~}: trims the whitespace that starts the next literal
  bool line_start = false;    // heredoc: the item starts a line
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// <<- removes from every line the indentation of the least indented one; blank lines do not count.
void remove_heredoc_indentation(std::vector<Item>& items) {
  size_t least = SIZE_MAX;
  for (const Item& item : items) {
    if (!item.line_start) continue;
    if (item.kind != Item::Literal) {
      least = 0;
      continue;
    }
    size_t indent = item.text.find_first_not_of(" \t");
    if (indent == std::string::npos) {
      least = std::min(least, item.text.size());
    } else if (item.text[indent] != '\n' && item.text[indent] != '\r') {
      least = std::min(least, indent);
    }
  }
  if (least == SIZE_MAX) return;
  for (Item& item : items) {
    if (!item.line_start || item.kind != Item::Literal) continue;
    size_t indent = std::min(item.text.find_first_not_of(" \t"), item.text.size());
    item.text.erase(0, std::min(indent, least));
  }
}

void apply_strip_markers(std::vector<Item>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].strip_before && i > 0 && items[i - 1].kind == Item::Literal) {
      std::string& text = items[i - 1].text;
      while (!text.empty() && is_space(text.back())) text.pop_back();
    }
    if (items[i].strip_after && i + 1 < items.size() && items[i + 1].kind == Item::Literal) {
      std::string& text = items[i + 1].text;
      text.erase(0, std::min(text.find_first_not_of(" \t\r\n"), text.size()));
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Where byte offset lands inside a single-line token.
Pos position_in(const Token& t, size_t offset) {
  Pos p = t.start;
  for (size_t i = 0; i < offset;) {
    CodePoint cp = decode_utf8(t.text.substr(i));
    if (!cp.length || !extends_previous_character(cp.value)) ++p.column;
    i += cp.length ? cp.length : 1;
  }
  p.byte += offset;
  return p;
}

// $${ and %%{ stand for literal ${ and %{ in every template.
bool take_sequence_escape(std::string_view text, size_t& i, std::string& out) {
  if (text.substr(i, 3) != "$${" && text.substr(i, 3) != "%%{") return false;
  out += text.substr(i + 1, 2);
  i += 3;
  return true;
}

}  // namespace

std::string Parser::unescape_quoted(const Token& literal) {
  std::string_view text = literal.text;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (take_sequence_escape(text, i, out)) continue;
    if (text[i] != '\\') {
      out += text[i++];
      continue;
    }
    // A backslash that ends the literal ends an unterminated string, which is reported already.
    if (i + 1 >= text.size()) break;
    size_t escape_start = i;
    char selector = text[i + 1];
    i += 2;
    switch (selector) {
      case 'n': out += '\n'; continue;
      case 'r': out += '\r'; continue;
      case 't': out += '\t'; continue;
      case '"': out += '"'; continue;
      case '\\': out += '\\'; continue;
      case 'u':
      case 'U': {
        size_t digits = selector == 'u' ? 4 : 8;
        char32_t cp = 0;
        size_t taken = 0;
        for (; taken < digits && i + taken < text.size() && hex_value(text[i + taken]) >= 0; ++taken)
          cp = cp * 16 + static_cast<char32_t>(hex_value(text[i + taken]));
        i += taken;
        if (taken == digits && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
          append_utf8(out, cp);
          continue;
        }
        report(range(position_in(literal, escape_start), position_in(literal, i)), "Invalid escape sequence",
               taken == digits ? fmt::format("The escape sequence \"{}\" is not a valid Unicode character.",
                                             text.substr(escape_start, i - escape_start))
                               : fmt::format("The \\{} escape sequence requires {} hexadecimal digits.", selector,
                                             digits));
        continue;
      }
      default:
        // A backslash before a multi-byte character selects the whole character.
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
        report(range(position_in(literal, escape_start), position_in(literal, i)), "Invalid escape sequence",
               fmt::format("The symbol \"{}\" is not a valid escape sequence selector.",
                           text.substr(escape_start + 1, i - escape_start - 1)));
    }
  }
  return out;
}

ExprPtr Parser::parse_template(const Token& open) {
  bool heredoc = open.type == TokenType::OHeredoc;
  TokenType closer = heredoc ? TokenType::CHeredoc : TokenType::CQuote;
  NewlineScope newlines(*this, false);
  std::vector<Item> items;
  bool line_start = heredoc;
  for (;;) {
    const Token& t = next();
    if (t.type == closer) break;
    if (t.type == TokenType::QuotedLit || t.type == TokenType::HeredocLit) {
      Item item{Item::Literal, range(t)};
      if (heredoc) {
        size_t i = 0;
        while (i < t.text.size())
          if (!take_sequence_escape(t.text, i, item.text)) item.text += t.text[i++];
      } else {
        item.text = unescape_quoted(t);
      }
      item.line_start = line_start;
      line_start = heredoc && !t.text.empty() && t.text.back() == '\n';
      items.push_back(std::move(item));
      continue;
    }
    if (t.type != TokenType::TemplateInterp && t.type != TokenType::TemplateControl)
      fail(t, "Invalid template", "Expected literal text, an interpolation or a directive here.");
    Item item{Item::Interpolation, {}};
    item.line_start = line_start;
    line_start = false;
    item.strip_before = accept(TokenType::StripMarker);
    if (t.type == TokenType::TemplateInterp) {
      item.expr = parse_expression();
    } else {
      const Token& keyword = next();
      const char* invalid = "Invalid template directive";
      if (keyword.type != TokenType::Identifier)
        fail(keyword, invalid,
             "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of a %{ sequence.");
      if (keyword.text == "if") {
        item.kind = Item::If;
        item.expr = parse_expression();
      } else if (keyword.text == "else") {
        item.kind = Item::Else;
      } else if (keyword.text == "endif") {
        item.kind = Item::EndIf;
      } else if (keyword.text == "endfor") {
        item.kind = Item::EndFor;
      } else if (keyword.text == "for") {
        item.kind = Item::For;
        item.value_var = expect(TokenType::Identifier, invalid, "For directive requires variable name after 'for'.").text;
        if (accept(TokenType::Comma)) {
          item.key_var = std::move(item.value_var);
          item.value_var =
              expect(TokenType::Identifier, invalid, "For directive requires value variable name after comma.").text;
        }
        if (peek().type != TokenType::Identifier || peek().text != "in")
          fail(peek(), invalid, "For directive requires the 'in' keyword after its name declarations.");
        next();
        item.expr = parse_expression();
      } else {
        fail(keyword, invalid, fmt::format("\"{}\" is not a template directive; use if, else, endif, for or endfor.",
                                           keyword.text));
      }
    }
    item.strip_after = accept(TokenType::StripMarker);
    expect_closer(TokenType::TemplateSeqEnd, t, "Extra characters after interpolation expression",
                  "Expected a closing brace to end the sequence, but found extra characters.");
    item.range = span_from(t.start);
    items.push_back(std::move(item));
  }
  if (heredoc && open.text.substr(0, 3) == "<<-") remove_heredoc_indentation(items);
  apply_strip_markers(items);

  // Nests the directives with an explicit stack: each frame collects the parts of one branch.
  struct Frame {
    Item* opener;  // null for the template itself
    std::vector<ExprPtr> parts;
    std::vector<ExprPtr> else_parts;
    bool in_else = false;
  };
  std::vector<Frame> frames(1);
  auto branch = [&](std::vector<ExprPtr> parts, Range r) {
    return std::make_unique<Expr>(Expr{r, TemplateExpr{std::move(parts)}});
  };
  for (Item& item : items) {
    Frame& top = frames.back();
    std::vector<ExprPtr>& parts = top.in_else ? top.else_parts : top.parts;
    switch (item.kind) {
      case Item::Literal:
        if (!item.text.empty())
          parts.push_back(std::make_unique<Expr>(Expr{item.range, LiteralExpr{LiteralExpr::Kind::String, item.text}}));
        break;
      case Item::Interpolation:
        parts.push_back(std::move(item.expr));
        break;
      case Item::If:
      case Item::For:
        if (static_cast<int>(frames.size()) + depth_ > kMaxNesting) {
          report(item.range, "Too deeply nested",
                 fmt::format("More than {} levels of blocks, brackets, parentheses, operators or templates are "
                             "nested here; parsing stops.",
                             kMaxNesting));
          throw TooDeep{};
        }
        frames.push_back(Frame{&item, {}, {}, false});
        break;
      case Item::Else:
        if (!top.opener || top.opener->kind != Item::If || top.in_else) {
          report(item.range, "Unexpected else directive", "An else directive belongs inside an if directive.");
          abandon(cursor_);
        }
        top.in_else = true;
        break;
      case Item::EndIf:
      case Item::EndFor: {
        Item::Kind wanted = item.kind == Item::EndIf ? Item::If : Item::For;
        if (!top.opener || top.opener->kind != wanted) {
          const char* name = item.kind == Item::EndIf ? "endif" : "endfor";
          report(item.range, fmt::format("Unexpected {} directive", name),
                 fmt::format("An {} directive closes an open {} directive.", name,
                             item.kind == Item::EndIf ? "if" : "for"));
          abandon(cursor_);
        }
        Item& opener = *top.opener;
        Range whole = range(opener.range.start, item.range.end);
        ExprPtr directive;
        if (wanted == Item::If) {
          ExprPtr else_branch = top.in_else ? branch(std::move(top.else_parts), whole) : nullptr;
          directive = std::make_unique<Expr>(
              Expr{whole, TemplateIfExpr{std::move(opener.expr), branch(std::move(top.parts), whole),
                                         std::move(else_branch)}});
        } else {
          directive = std::make_unique<Expr>(Expr{whole, TemplateForExpr{std::move(opener.key_var),
                                                                         std::move(opener.value_var),
                                                                         std::move(opener.expr),
                                                                         branch(std::move(top.parts), whole)}});
        }
        frames.pop_back();
        Frame& parent = frames.back();
        (parent.in_else ? parent.else_parts : parent.parts).push_back(std::move(directive));
        break;
      }
    }
  }
  if (frames.size() > 1) {
    const Item& opener = *frames.back().opener;
    bool is_if = opener.kind == Item::If;
    report(opener.range, fmt::format("Unterminated template {} directive", is_if ? "if" : "for"),
           fmt::format("The {} directive that starts at {} has no matching {}.", is_if ? "if" : "for",
                       where(opener.range.start), is_if ? "endif" : "endfor"));
    abandon(cursor_);
  }
  return make(open.start, TemplateExpr{std::move(frames.front().parts)});
}

}  // namespace kiln::hcl::detail
