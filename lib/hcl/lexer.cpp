// The HCL2 native-syntax scanner. A stack of modes tracks whether the text at hand is code, a
// quoted template or a heredoc, so braces and quotes inside templates nest as HCL nests them.
#include <fmt/format.h>

#include "hcl/token.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl {
namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Mode {
  enum Kind { Code, Quoted, Heredoc } kind;
  Token opener;             // what opened this mode, for "unterminated" diagnostics
  int braces = 0;           // code mode: { still open, so } closes an object rather than the sequence
  bool in_sequence = false; // code mode inside ${ } or %{ }
  std::string_view marker;  // heredoc: the closing marker
  bool at_line_start = true;
};

class Lexer {
 public:
  Lexer(std::string_view source, const std::string& file) : src_(source), file_(file) {}

  LexResult run() {
    modes_.push_back(Mode{Mode::Code, {}, 0, false, {}, true});
    // A UTF-8 byte order mark opening the file is skipped, as HCL skips it: columns start after it.
    if (src_.starts_with("\xEF\xBB\xBF")) i_ = pos_.byte = 3;
    while (i_ < src_.size()) {
      switch (modes_.back().kind) {
        case Mode::Code: code(); break;
        case Mode::Quoted: quoted(); break;
        case Mode::Heredoc: heredoc(); break;
      }
    }
    if (modes_.size() > 1) {
      unterminated(modes_.back());
      out_.truncated = true;
    }
    Token eof{TokenType::Eof, src_.substr(src_.size()), pos_, pos_};
    out_.tokens.push_back(eof);
    return std::move(out_);
  }

 private:
  char at(size_t offset = 0) const { return i_ + offset < src_.size() ? src_[i_ + offset] : '\0'; }
  bool looking_at(std::string_view s) const { return src_.substr(i_, s.size()) == s; }

  // Moves past one character (or one invalid byte), keeping line and column.
  void advance() {
    CodePoint cp = decode_utf8(src_.substr(i_));
    size_t length = cp.length ? cp.length : 1;
    if (cp.length && cp.value == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else if (joined_ || (cp.length && extends_previous_character(cp.value))) {
      joined_ = cp.length && cp.value == 0x200D;
    } else {
      ++pos_.column;
    }
    i_ += length;
    pos_.byte = i_;
  }
  void advance(size_t n) {
    for (size_t k = 0; k < n && i_ < src_.size(); ++k) advance();
  }

  Token emit(TokenType type, size_t start, Pos start_pos) {
    Token t{type, src_.substr(start, i_ - start), start_pos, pos_};
    out_.tokens.push_back(t);
    return t;
  }
  Token single(TokenType type, size_t length) {
    size_t start = i_;
    Pos start_pos = pos_;
    advance(length);
    return emit(type, start, start_pos);
  }

  void report(Pos start, Pos end, std::string summary, std::string detail) {
    out_.diagnostics.push_back(Diagnostic{Range{file_, start, end}, std::move(summary), std::move(detail)});
  }
  std::string where(Pos p) const { return fmt::format("{}:{},{}", file_, p.line, p.column); }

  void unterminated(const Mode& m) {
    const Token& o = m.opener;
    switch (m.kind) {
      case Mode::Quoted:
        return report(o.start, o.end, "Unterminated template string",
                      fmt::format("No closing marker was found for the string that starts at {}.", where(o.start)));
      case Mode::Heredoc:
        return report(o.start, o.end, "Unterminated template string",
                      fmt::format("No closing marker \"{}\" was found for the heredoc that starts at {}.", m.marker,
                                  where(o.start)));
      case Mode::Code:
        if (o.type == TokenType::TemplateInterp)
          return report(o.start, o.end, "Unterminated template interpolation",
                        fmt::format("No closing brace was found for the interpolation sequence that starts at {}.",
                                    where(o.start)));
        return report(o.start, o.end, "Unterminated template directive",
                      fmt::format("No closing brace was found for the template directive that starts at {}.",
                                  where(o.start)));
    }
  }

  // ${ or %{ inside a template: code follows until the matching }.
  void open_sequence(TokenType type) {
    Token opener = single(type, 2);
    modes_.push_back(Mode{Mode::Code, opener, 0, true, {}, false});
    if (at() == '~') single(TokenType::StripMarker, 1);
  }

  // Reports a run of bytes that are not UTF-8 once, and marks it Invalid for the parser.
  void invalid_encoding() {
    size_t start = i_;
    Pos start_pos = pos_;
    while (i_ < src_.size() && decode_utf8(src_.substr(i_)).length == 0) advance();
    report(start_pos, pos_, "Invalid character encoding",
           "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.");
    if (modes_.back().kind == Mode::Code) emit(TokenType::Invalid, start, start_pos);
  }

  void invalid_character(std::string detail) {
    size_t start = i_;
    Pos start_pos = pos_;
    advance();
    report(start_pos, pos_, "Invalid character", std::move(detail));
    emit(TokenType::Invalid, start, start_pos);
  }

  void code() {
    Mode& mode = modes_.back();
    char c = at();
    if (c == ' ' || c == '\t' || (c == '\r' && at(1) == '\n')) return advance();
    if (c == '\n') return void(single(TokenType::Newline, 1));
    if (c == '#' || looking_at("//")) {
      while (i_ < src_.size() && at() != '\n') advance();
      return;
    }
    if (looking_at("/*")) return block_comment();
    if (is_digit(c)) return number();
    if (is_ascii_letter(c) || c == '_') return identifier();
    if (static_cast<unsigned char>(c) >= 0x80) {
      CodePoint cp = decode_utf8(src_.substr(i_));
      if (cp.length == 0) return invalid_encoding();
      if (is_identifier_code_point(cp.value)) return identifier();
      return invalid_character("This character is not used within the language.");
    }
    if (c == '"') {
      Token opener = single(TokenType::OQuote, 1);
      modes_.push_back(Mode{Mode::Quoted, opener, 0, false, {}, false});
      return;
    }
    if (looking_at("<<")) return heredoc_opener();
    if (c == '{') {
      ++mode.braces;
      return void(single(TokenType::OBrace, 1));
    }
    if (c == '}') {
      if (mode.in_sequence && mode.braces == 0) {
        single(TokenType::TemplateSeqEnd, 1);
        modes_.pop_back();
        return;
      }
      --mode.braces;
      return void(single(TokenType::CBrace, 1));
    }
    if (c == '~' && at(1) == '}' && mode.in_sequence && mode.braces == 0) return void(single(TokenType::StripMarker, 1));
    static constexpr std::pair<std::string_view, TokenType> operators[] = {
        {"...", TokenType::Ellipsis}, {"==", TokenType::EqualOp}, {"!=", TokenType::NotEqual},
        {"<=", TokenType::LessEqual}, {">=", TokenType::GreaterEqual}, {"&&", TokenType::And},
        {"||", TokenType::Or},        {"=>", TokenType::FatArrow},  {"[", TokenType::OBrack},
        {"]", TokenType::CBrack},     {"(", TokenType::OParen},     {")", TokenType::CParen},
        {",", TokenType::Comma},      {".", TokenType::Dot},        {"*", TokenType::Star},
        {"?", TokenType::Question},   {":", TokenType::Colon},      {"=", TokenType::Equal},
        {"!", TokenType::Bang},       {"<", TokenType::Less},       {">", TokenType::Greater},
        {"+", TokenType::Plus},       {"-", TokenType::Minus},      {"/", TokenType::Slash},
        {"%", TokenType::Percent},
    };
    for (const auto& [text, type] : operators)
      if (looking_at(text)) return void(single(type, text.size()));
    if (c == '\'') return invalid_character("Single quotes are not valid. Use double quotes (\") to enclose strings.");
    if (c == ';')
      return invalid_character(
          "The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate "
          "items in collection values.");
    invalid_character("This character is not used within the language.");
  }

  void block_comment() {
    Pos start_pos = pos_;
    advance(2);
    Pos opener_end = pos_;
    while (i_ < src_.size() && !looking_at("*/")) advance();
    if (i_ < src_.size()) return advance(2);
    out_.truncated = true;
    report(start_pos, opener_end, "Unterminated comment",
           fmt::format("No closing \"*/\" was found for the comment that starts at {}.", where(start_pos)));
  }

  void number() {
    size_t start = i_;
    Pos start_pos = pos_;
    while (is_digit(at())) advance();
    if (at() == '.' && is_digit(at(1))) {
      advance();
      while (is_digit(at())) advance();
    }
    if ((at() == 'e' || at() == 'E') &&
        (is_digit(at(1)) || ((at(1) == '+' || at(1) == '-') && is_digit(at(2))))) {
      advance(2);
      while (is_digit(at())) advance();
    }
    emit(TokenType::Number, start, start_pos);
  }

  bool at_identifier_char() const {
    char c = at();
    if (is_ascii_letter(c) || is_digit(c) || c == '_' || c == '-') return true;
    if (static_cast<unsigned char>(c) < 0x80 || i_ >= src_.size()) return false;
    CodePoint cp = decode_utf8(src_.substr(i_));
    return cp.length && (is_identifier_code_point(cp.value) || extends_previous_character(cp.value));
  }

  void identifier() {
    size_t start = i_;
    Pos start_pos = pos_;
    advance();
    while (at_identifier_char()) advance();
    emit(TokenType::Identifier, start, start_pos);
  }

  // <<EOT or <<-EOT, then a newline right away.
  void heredoc_opener() {
    size_t start = i_;
    Pos start_pos = pos_;
    size_t marker_at = i_ + (at(2) == '-' ? 3 : 2);
    size_t end = marker_at;
    if (end < src_.size() && (is_ascii_letter(src_[end]) || src_[end] == '_'))
      while (end < src_.size() && (is_ascii_letter(src_[end]) || is_digit(src_[end]) || src_[end] == '_' ||
                                   src_[end] == '-'))
        ++end;
    size_t newline = end;
    if (newline < src_.size() && src_[newline] == '\r') ++newline;
    if (end == marker_at || newline >= src_.size() || src_[newline] != '\n') {
      advance(end - i_);
      report(start_pos, pos_, "Invalid heredoc",
             "A heredoc starts with \"<<\" or \"<<-\", then a marker identifier, then a newline right away.");
      emit(TokenType::Invalid, start, start_pos);
      return;
    }
    advance(newline + 1 - i_);
    Token opener = emit(TokenType::OHeredoc, start, start_pos);
    modes_.push_back(Mode{Mode::Heredoc, opener, 0, false, src_.substr(marker_at, end - marker_at), true});
  }

  // Literal text up to a quote, a newline, or a sequence opener; $${ and %%{ stay literal.
  void quoted() {
    if (at() == '"') {
      single(TokenType::CQuote, 1);
      modes_.pop_back();
      return;
    }
    if (at() == '\n' || (at() == '\r' && at(1) == '\n')) {
      // The string ends here; a zero-width closer lets the parser carry on with the next line.
      unterminated(modes_.back());
      modes_.pop_back();
      out_.tokens.push_back(Token{TokenType::CQuote, src_.substr(i_, 0), pos_, pos_});
      return;
    }
    if (looking_at("${")) return open_sequence(TokenType::TemplateInterp);
    if (looking_at("%{")) return open_sequence(TokenType::TemplateControl);
    size_t start = i_;
    Pos start_pos = pos_;
    while (i_ < src_.size()) {
      char c = at();
      if (c == '"' || c == '\n' || (c == '\r' && at(1) == '\n') || looking_at("${") || looking_at("%{")) break;
      if (looking_at("$${") || looking_at("%%{")) {
        advance(3);
      } else if (c == '\\' && at(1) != '\n' && i_ + 1 < src_.size()) {
        advance(2);
      } else if (decode_utf8(src_.substr(i_)).length == 0) {
        if (i_ > start) emit(TokenType::QuotedLit, start, start_pos);
        invalid_encoding();
        return;
      } else {
        advance();
      }
    }
    emit(TokenType::QuotedLit, start, start_pos);
  }

  // The closing marker alone on a line (indentation allowed), then a newline or the end of input.
  bool at_heredoc_close(size_t& marker_end) const {
    size_t k = i_;
    while (k < src_.size() && (src_[k] == ' ' || src_[k] == '\t')) ++k;
    std::string_view marker = modes_.back().marker;
    if (src_.substr(k, marker.size()) != marker) return false;
    k += marker.size();
    size_t after = k < src_.size() && src_[k] == '\r' ? k + 1 : k;
    if (after < src_.size() && src_[after] != '\n') return false;
    marker_end = k;
    return true;
  }

  void heredoc() {
    Mode& mode = modes_.back();
    size_t marker_end = 0;
    if (mode.at_line_start && at_heredoc_close(marker_end)) {
      size_t start = i_;
      Pos start_pos = pos_;
      advance(marker_end - i_);
      emit(TokenType::CHeredoc, start, start_pos);
      modes_.pop_back();
      return;
    }
    if (looking_at("${")) {
      mode.at_line_start = false;
      return open_sequence(TokenType::TemplateInterp);
    }
    if (looking_at("%{")) {
      mode.at_line_start = false;
      return open_sequence(TokenType::TemplateControl);
    }
    size_t start = i_;
    Pos start_pos = pos_;
    mode.at_line_start = false;
    while (i_ < src_.size() && !looking_at("${") && !looking_at("%{")) {
      if (looking_at("$${") || looking_at("%%{")) {
        advance(3);
        continue;
      }
      if (decode_utf8(src_.substr(i_)).length == 0) {
        if (i_ > start) emit(TokenType::HeredocLit, start, start_pos);
        invalid_encoding();
        return;
      }
      bool newline = at() == '\n';
      advance();
      if (newline) {
        mode.at_line_start = true;
        break;
      }
    }
    emit(TokenType::HeredocLit, start, start_pos);
  }

  std::string_view src_;
  const std::string& file_;
  size_t i_ = 0;
  Pos pos_;
  bool joined_ = false;  // the previous character was a zero-width joiner
  std::vector<Mode> modes_;
  LexResult out_;
};

}  // namespace

LexResult lex(std::string_view source, const std::string& file) { return Lexer(source, file).run(); }

}  // namespace kiln::hcl
