// The layout passes follow hclwrite's Format of HCL v2.7 (which Packer 1.6.6 links) rule for rule,
// so the output matches `packer fmt` byte for byte, odd cases included (`!x` becomes `! x`, as
// before HCL v2.8): lines are split into a lead cell, an assignment cell from a line's first `=`
// and a trailing comment cell; indentation follows the net count of brackets per line; the
// assignment and comment cells of consecutive lines are aligned.
#include "hcl/format.hpp"

#include <span>

#include "hcl/format_tokens.hpp"
#include "hcl/parser.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl {
namespace {

using Cell = std::span<LayoutToken>;

struct Line {
  Cell lead, assign, comment;  // assign and comment may be empty
};

int bracket_change(const LayoutToken& t) {
  if (t.comment) return 0;
  switch (t.type) {
    case TokenType::OBrace: case TokenType::OBrack: case TokenType::OParen:
    case TokenType::TemplateInterp: case TokenType::TemplateControl:
      return 1;
    case TokenType::CBrace: case TokenType::CBrack: case TokenType::CParen: case TokenType::TemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}

int bracket_change(Cell cell) {
  int net = 0;
  for (const LayoutToken& t : cell) net += bracket_change(t);
  return net;
}

// Characters as they show on screen (grapheme clusters, CRLF as one), plus the spaces before each token.
int columns(Cell cell) {
  int n = 0;
  for (const LayoutToken& t : cell) {
    n += t.spaces;
    std::string_view s = t.text;
    bool joined = false;
    for (size_t i = 0; i < s.size();) {
      CodePoint cp = decode_utf8(s.substr(i));
      size_t length = cp.length ? cp.length : 1;
      bool extends = joined || (cp.length && extends_previous_character(cp.value)) ||
                     (cp.value == '\n' && i > 0 && s[i - 1] == '\r');
      if (!extends || i == 0) ++n;
      joined = cp.length && cp.value == 0x200D;
      i += length;
    }
  }
  return n;
}

std::vector<Line> split_lines(std::vector<LayoutToken>& tokens) {
  std::vector<Line> lines;
  size_t start = 0;
  size_t count = tokens.size() - 1;  // Eof belongs to no line
  for (size_t i = 0; i < count; ++i)
    if (tokens[i].ends_line()) {
      lines.push_back(Line{Cell(tokens).subspan(start, i + 1 - start), {}, {}});
      start = i + 1;
    }
  lines.push_back(Line{Cell(tokens).subspan(start, count - start), {}, {}});
  for (Line& line : lines) {
    if (line.lead.size() > 1 && line.lead.back().comment) {
      line.comment = line.lead.last(1);
      line.lead = line.lead.first(line.lead.size() - 1);
    }
    for (size_t i = 1; i < line.lead.size(); ++i) {
      if (!line.lead[i].is(TokenType::Equal)) continue;
      // An `=` whose right side opens more brackets than it closes starts a multi-line value: no alignment.
      if (bracket_change(line.lead.subspan(i)) == 0) {
        line.assign = line.lead.subspan(i);
        line.lead = line.lead.first(i);
      }
      break;
    }
  }
  return lines;
}

// Two spaces per open bracket level; a line that opens several brackets at once indents the next
// lines only one level, and closing them all takes that level back.
void indent(std::vector<Line>& lines) {
  std::vector<int> levels;
  for (Line& line : lines) {
    if (line.lead.empty()) continue;
    if (line.lead[0].is(TokenType::Newline)) {
      line.lead[0].spaces = 0;
      continue;
    }
    int net = 0;
    for (const LayoutToken& t : line.lead) {
      net += bracket_change(t);
      if (t.is(TokenType::OHeredoc)) break;
    }
    net += bracket_change(line.assign);
    int here = 2 * static_cast<int>(levels.size());
    for (int closed = -net; closed > 0 && !levels.empty();) {
      if (closed >= levels.back()) {
        closed -= levels.back();
        levels.pop_back();
      } else {
        levels.back() -= closed;
        closed = 0;
      }
    }
    if (net > 0) levels.push_back(net);
    else here = 2 * static_cast<int>(levels.size());
    line.lead[0].spaces = here;
  }
}

bool is_any(const LayoutToken& t, std::initializer_list<TokenType> types) {
  for (TokenType type : types)
    if (t.is(type)) return true;
  return false;
}

// A minus after something that cannot end an operand is a negation, written against its operand.
bool minus_is_subtraction(const LayoutToken& before) {
  using enum TokenType;
  if (before.is(Eof)) return false;
  return !is_any(before, {OParen, OBrace, OBrack, Equal, Colon, Comma, Question, Plus, Star, Slash, Percent, Minus,
                          EqualOp, NotEqual, Greater, GreaterEqual, Less, LessEqual, And, Or, Bang});
}

bool space_after(const LayoutToken& subject, const LayoutToken& before, const LayoutToken& after) {
  using enum TokenType;
  if (after.is(Newline) || after.is(Eof)) return false;
  if (subject.is(Identifier) && after.is(OParen)) return false;
  if (subject.is(Dot) || after.is(Dot)) return false;
  if (after.is(Comma) || after.is(Ellipsis)) return false;
  if (subject.is(Comma)) return true;
  // Nothing is added inside template text.
  if (is_any(subject, {QuotedLit, HeredocLit, OQuote, OHeredoc}) || is_any(after, {QuotedLit, HeredocLit, CQuote, CHeredoc}))
    return false;
  // `in` of a for expression, even before a tuple: [for x in [a]: x]
  if (subject.is(Identifier) && subject.text == "in" && before.is(Identifier)) return true;
  if (after.is(OBrack) && (subject.is(Identifier) || subject.is(Number) || bracket_change(subject) < 0)) return false;
  if (subject.is(Minus)) return minus_is_subtraction(before);
  if (subject.is(OBrace) || after.is(CBrace)) return !(subject.is(OBrace) && after.is(CBrace));
  if ((subject.is(TemplateInterp) || subject.is(TemplateControl)) && after.is(OBrace)) return true;
  if (subject.is(CBrace) && after.is(TemplateSeqEnd)) return true;
  if (subject.is(TemplateSeqEnd) && (after.is(TemplateInterp) || after.is(TemplateControl))) return false;
  if (bracket_change(subject) > 0) return false;
  if (bracket_change(after) < 0) return false;
  return true;
}

void space_cell(Cell cell) {
  static const LayoutToken none{TokenType::Eof, {}, false, 0};
  for (size_t i = 0; i + 1 < cell.size(); ++i)
    cell[i + 1].spaces = space_after(cell[i], i > 0 ? cell[i - 1] : none, cell[i + 1]) ? 1 : 0;
}

void space(std::vector<Line>& lines) {
  for (Line& line : lines) {
    space_cell(line.lead);
    space_cell(line.assign);
  }
}

// Consecutive lines that have the cell get it at the same column, one space after the widest.
template <typename CellOf, typename WidthOf>
void align(std::vector<Line>& lines, CellOf cell_of, WidthOf width_of) {
  for (size_t i = 0; i < lines.size();) {
    if (cell_of(lines[i]).empty()) {
      ++i;
      continue;
    }
    size_t end = i;
    int widest = 0;
    for (; end < lines.size() && !cell_of(lines[end]).empty(); ++end) widest = std::max(widest, width_of(lines[end]));
    for (; i < end; ++i) cell_of(lines[i])[0].spaces = widest - width_of(lines[i]) + 1;
  }
}

void align(std::vector<Line>& lines) {
  align(lines, [](Line& l) { return l.assign; }, [](Line& l) { return columns(l.lead); });
  align(lines, [](Line& l) { return l.comment; }, [](Line& l) { return columns(l.lead) + columns(l.assign); });
}

}  // namespace

Formatted format(std::string_view source, const std::string& file) {
  ParsedFile parsed = parse_file(source, file);
  if (!parsed.diagnostics.empty()) return Formatted{{}, std::move(parsed.diagnostics)};
  std::vector<LayoutToken> tokens = layout_tokens(source, lex(source, file).tokens);
  std::vector<Line> lines = split_lines(tokens);
  indent(lines);
  space(lines);
  align(lines);
  Formatted out;
  out.text.reserve(source.size());
  for (const LayoutToken& t : tokens) out.text.append(static_cast<size_t>(t.spaces), ' ').append(t.text);
  return out;
}

}  // namespace kiln::hcl
