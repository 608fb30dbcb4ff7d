// Go text/template as Packer 1.6.6 uses it: a hand lexer/parser building a small tree, then an
// evaluator over InterpContext. Supported: text, comments, trim markers, pipelines, parenthesised
// pipelines, string/raw/char/number/bool literals, .Field chains, if/else if/else/end, Packer's
// functions and the builtins not/and/or/eq/ne/lt/le/gt/ge/len/print/println/printf.
#include "kiln/interpolate.hpp"

#include <charconv>
#include <cmath>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "template/template_funcs.hpp"
#include "util/go_quote.hpp"
#include "util/go_utf8.hpp"

namespace kiln {
namespace {

struct Val {
  enum class Kind { NoValue, Nil, String, Int, Float, Bool, Data };
  Kind kind = Kind::NoValue;
  std::string str;
  long long num = 0;
  double real = 0;
  bool flag = false;
  bool constant = false;  // written literally in the template

  Val() = default;
  explicit Val(Kind k) : kind(k) {}
  static Val string(std::string s) {
    Val v(Kind::String);
    v.str = std::move(s);
    return v;
  }
  static Val integer(long long i) {
    Val v(Kind::Int);
    v.num = i;
    return v;
  }
  static Val boolean(bool b) {
    Val v(Kind::Bool);
    v.flag = b;
    return v;
  }
};

struct Pipeline;

struct Operand {
  enum class Kind { Func, Field, Dot, Constant, Sub };
  Kind kind = Kind::Constant;
  size_t pos = 0;
  std::string name;                 // Func: function name
  std::vector<std::string> fields;  // Field: .A.B → {A, B}
  std::string text;                 // as written, for messages
  Val value;                        // Constant
  std::shared_ptr<Pipeline> sub;    // Sub: ( … )
};

struct Command {
  std::vector<Operand> words;
  size_t pos = 0;
};

struct Pipeline {
  std::vector<Command> cmds;
  size_t pos = 0;
};

struct Node {
  enum class Kind { Text, Action, If };
  Kind kind = Kind::Text;
  std::string text;
  Pipeline pipe;
  std::vector<Node> then, otherwise;
};

constexpr std::string_view builtins[] = {"and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge",
                                         "len", "print", "println", "printf"};
constexpr std::string_view unsupported_builtins[] = {"index", "slice", "html", "js", "urlquery", "call"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alnum(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_builtin(std::string_view name) {
  for (auto b : builtins) {
    if (b == name) return true;
  }
  return false;
}

[[noreturn]] void fail_at(std::string_view src, size_t pos, const std::string& message) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos && i < src.size(); ++i) {
    if (src[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  throw Error(fmt::format("template {}:{}: {}", line, pos - line_start + 1, message), ErrorCode::Template);
}

// Go's %v for float64: the shortest digits, in exponent form when the exponent is < -4 or >= 6.
std::string format_float(double d) {
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (std::isnan(d)) return "NaN";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, end);
  int exp = std::stoi(sci.substr(sci.find('e') + 1));
  if (exp < -4 || exp >= 6) return sci;
  auto [fend, fec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, fend);
}

// ---------------------------------------------------------------------------------------------
// Lexer + parser

enum class Tok { RightDelim, Ident, Field, Dot, String, Number, Char, LParen, RParen, Pipe, Variable, Assign, Comma };

struct Token {
  Token(Tok k, size_t p, std::string t) : kind(k), pos(p), text(std::move(t)) {}
  Tok kind;
  size_t pos;
  std::string text;   // raw text
  std::string value;  // decoded string for String
  bool space_before = false;
  bool trim = false;  // RightDelim: "-}}"
};

class Parser {
 public:
  explicit Parser(std::string_view src) : src_(src) {}

  std::vector<Node> parse() {
    Stop stop;
    auto list = parse_list(stop);
    if (stop != Stop::Eof) fail(stop_pos_, stop == Stop::End ? "{{end}} without a matching {{if}}" : "{{else}} outside {{if}}");
    return list;
  }

 private:
  enum class Stop { Eof, End, Else };

  [[noreturn]] void fail(size_t pos, const std::string& message) const { fail_at(src_, pos, message); }

  // Text and actions until EOF, {{end}} or {{else}}; for {{else}}, pos_ stays right after "else".
  std::vector<Node> parse_list(Stop& stop) {
    std::vector<Node> list;
    while (true) {
      size_t open = src_.find("{{", pos_);
      size_t text_end = open == src_.npos ? src_.size() : open;
      size_t text_start = pos_;
      if (trim_next_) {
        while (text_start < text_end && is_space(src_[text_start])) ++text_start;
        trim_next_ = false;
      }
      bool left_trim = open != src_.npos && open + 3 < src_.size() && src_[open + 2] == '-' && is_space(src_[open + 3]);
      if (left_trim) {
        while (text_end > text_start && is_space(src_[text_end - 1])) --text_end;
      }
      if (text_end > text_start) {
        Node n;
        n.text = std::string(src_.substr(text_start, text_end - text_start));
        list.push_back(std::move(n));
      }
      if (open == src_.npos) {
        pos_ = src_.size();
        stop = Stop::Eof;
        return list;
      }
      pos_ = open + 2 + (left_trim ? 2 : 0);
      action_start_ = open;
      if (src_.substr(pos_, 2) == "/*") {
        skip_comment();
        continue;
      }
      Token t = next();
      if (t.kind == Tok::Ident && t.text == "end") {
        expect_right_delim("end");
        stop_pos_ = t.pos;
        stop = Stop::End;
        return list;
      }
      if (t.kind == Tok::Ident && t.text == "else") {
        stop_pos_ = t.pos;
        stop = Stop::Else;
        return list;
      }
      if (t.kind == Tok::Ident && t.text == "if") {
        list.push_back(parse_if(t.pos));
        continue;
      }
      if (t.kind == Tok::Ident &&
          (t.text == "range" || t.text == "with" || t.text == "define" || t.text == "template" ||
           t.text == "block" || t.text == "break" || t.text == "continue")) {
        fail(t.pos, fmt::format("{{{{{}}}}} is not supported in Packer templates by kiln", t.text));
      }
      Node n;
      n.kind = Node::Kind::Action;
      n.pipe = parse_pipeline(t, false);
      list.push_back(std::move(n));
    }
  }

  // {{if}}, {{else if}} and ( … ) nest by recursion here, in the evaluator and in the tree's
  // destructor; past this depth the text is refused rather than the stack exhausted.
  static constexpr int kMaxNesting = 512;
  class Nested {
   public:
    Nested(Parser& p, size_t pos) : p_(p) {
      if (++p_.depth_ > kMaxNesting) p_.fail(pos, fmt::format("nesting deeper than {} levels", kMaxNesting));
    }
    ~Nested() { --p_.depth_; }

   private:
    Parser& p_;
  };

  // After "if": the condition, the branches and the closing {{end}}.
  Node parse_if(size_t pos) {
    Nested nested(*this, pos);
    Node n;
    n.kind = Node::Kind::If;
    Token first = next();
    n.pipe = parse_pipeline(first, false);
    Stop stop;
    n.then = parse_list(stop);
    if (stop == Stop::Eof) fail(pos, "{{if}} without {{end}}");
    if (stop == Stop::Else) {
      Token t = next();
      if (t.kind == Tok::Ident && t.text == "if") {
        n.otherwise.push_back(parse_if(t.pos));  // "else if" shares the final {{end}}
      } else {
        if (t.kind != Tok::RightDelim) fail(t.pos, "unexpected text after {{else}}");
        trim_next_ = t.trim;
        n.otherwise = parse_list(stop);
        if (stop != Stop::End) fail(pos, "{{if}} without {{end}}");
      }
    }
    return n;
  }

  void expect_right_delim(const char* what) {
    Token t = next();
    if (t.kind != Tok::RightDelim) fail(t.pos, fmt::format("unexpected \"{}\" after {{{{{}}}}}", t.text, what));
    trim_next_ = t.trim;
  }

  void skip_comment() {
    size_t close = src_.find("*/", pos_ + 2);
    if (close == src_.npos) fail(action_start_, "unclosed comment");
    pos_ = close + 2;
    if (src_.substr(pos_, 4) == " -}}") {
      trim_next_ = true;
      pos_ += 4;
    } else if (src_.substr(pos_, 2) == "}}") {
      pos_ += 2;
    } else {
      fail(close, "a comment must end right before the closing }}");
    }
  }

  // A pipeline starting with `first`, up to the right delimiter (or ")" when `in_parens`).
  Pipeline parse_pipeline(Token first, bool in_parens) {
    Pipeline p;
    p.pos = first.pos;
    Command cmd;
    cmd.pos = first.pos;
    Token t = std::move(first);
    while (true) {
      if (t.kind == Tok::RightDelim || (in_parens && t.kind == Tok::RParen) || t.kind == Tok::Pipe) {
        if (cmd.words.empty()) fail(t.pos, "missing value for command");
        p.cmds.push_back(std::move(cmd));
        cmd = Command{};
        if (t.kind == Tok::RightDelim) {
          if (in_parens) fail(t.pos, "unclosed left parenthesis");
          trim_next_ = t.trim;
          return p;
        }
        if (t.kind == Tok::RParen) return p;
        t = next();
        cmd.pos = t.pos;
        continue;
      }
      if (!cmd.words.empty() && !t.space_before)
        fail(t.pos, fmt::format("missing space before \"{}\"", t.text));
      cmd.words.push_back(operand(t));
      t = next();
    }
  }

  Operand operand(Token& t) {
    Operand o;
    o.pos = t.pos;
    o.text = t.text;
    switch (t.kind) {
      case Tok::Ident:
        if (t.text == "true" || t.text == "false") {
          o.value = Val::boolean(t.text == "true");
          o.value.constant = true;
        } else if (t.text == "nil") {
          o.value.kind = Val::Kind::Nil;
        } else {
          check_function(t);
          o.kind = Operand::Kind::Func;
          o.name = t.text;
        }
        return o;
      case Tok::Field:
        o.kind = Operand::Kind::Field;
        o.fields.push_back(t.text.substr(1));
        while (peek_field()) {
          Token f = next();
          o.fields.push_back(f.text.substr(1));
          o.text += f.text;
        }
        return o;
      case Tok::Dot: o.kind = Operand::Kind::Dot; return o;
      case Tok::String:
        o.value = Val::string(t.value);
        o.value.constant = true;
        return o;
      case Tok::Number:
      case Tok::Char: o.value = number(t); return o;
      case Tok::LParen: {
        Nested nested(*this, t.pos);
        o.kind = Operand::Kind::Sub;
        Token first = next();
        o.sub = std::make_shared<Pipeline>(parse_pipeline(first, true));
        return o;
      }
      case Tok::Variable:
      case Tok::Assign: fail(t.pos, "template variables ($x) are not supported in Packer templates by kiln");
      default: fail(t.pos, fmt::format("unexpected \"{}\" in an action", t.text));
    }
  }

  void check_function(const Token& t) const {
    if (tmpl::find_function(t.text) || is_builtin(t.text)) return;
    for (auto b : unsupported_builtins) {
      if (b == t.text) fail(t.pos, fmt::format("the Go template function \"{}\" is not supported by kiln", t.text));
    }
    fail(t.pos, fmt::format("unknown template function \"{}\"", t.text));
  }

  bool peek_field() const { return pos_ + 1 < src_.size() && src_[pos_] == '.' && is_alnum(src_[pos_ + 1]) && !(src_[pos_ + 1] >= '0' && src_[pos_ + 1] <= '9'); }

  // Number and character literals, with Go's rules for when they count as integers.
  Val number(const Token& t) const {
    Val v;
    v.constant = true;
    if (t.kind == Tok::Char) {
      v.kind = Val::Kind::Int;
      v.num = static_cast<long long>(t.value.empty() ? 0 : decode_char(t));
      return v;
    }
    std::string s;
    for (char c : t.text) {
      if (c != '_') s += c;
    }
    bool neg = !s.empty() && s[0] == '-';
    std::string_view digits = s;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) digits.remove_prefix(1);
    int base = 10;
    if (digits.size() > 1 && digits[0] == '0') {
      switch (digits[1] | 0x20) {
        case 'x': base = 16, digits.remove_prefix(2); break;
        case 'o': base = 8, digits.remove_prefix(2); break;
        case 'b': base = 2, digits.remove_prefix(2); break;
        default:
          if (digits.find_first_of(".eE") == digits.npos) base = 8, digits.remove_prefix(1);  // C-style octal
      }
    }
    unsigned long long u = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
      if (u > static_cast<unsigned long long>(INT64_MAX) + (neg ? 1 : 0)) fail(t.pos, fmt::format("number {} is out of range", t.text));
      v.kind = Val::Kind::Int;
      v.num = neg ? static_cast<long long>(0 - u) : static_cast<long long>(u);
      return v;
    }
    if (base != 10) fail(t.pos, fmt::format("bad number \"{}\"", t.text));
    double d = 0;
    auto [fend, fec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
    if (fec != std::errc() || fend != digits.data() + digits.size()) fail(t.pos, fmt::format("bad number \"{}\"", t.text));
    v.kind = Val::Kind::Float;
    v.real = neg ? -d : d;
    return v;
  }

  char32_t decode_char(const Token& t) const {
    const std::string& body = t.value;
    if (body[0] != '\\') {
      size_t len = 0;
      char32_t r = decode_utf8(body, 0, len);
      if (len != body.size()) fail(t.pos, fmt::format("bad character constant {}", t.text));
      return r;
    }
    std::string out;
    size_t i = 0;
    char32_t r = unescape(body, i, '\'', t.pos, &out);
    if (i != body.size()) fail(t.pos, fmt::format("bad character constant {}", t.text));
    return r;
  }

  // Decodes the Go escape at s[i] ('\\' included) into `out`; returns the rune (or byte) value.
  char32_t unescape(std::string_view s, size_t& i, char quote, size_t pos, std::string* out) const {
    auto bad = [&] { fail(pos, "invalid escape sequence in a quoted string"); };
    if (i + 1 >= s.size()) bad();
    char c = s[i + 1];
    i += 2;
    char32_t r = 0;
    auto hex = [&](int n) {
      if (i + n > s.size()) bad();
      unsigned v = 0;
      auto [end, ec] = std::from_chars(s.data() + i, s.data() + i + n, v, 16);
      if (ec != std::errc() || end != s.data() + i + n) bad();
      i += n;
      return static_cast<char32_t>(v);
    };
    switch (c) {
      case 'a': r = '\a'; break;
      case 'b': r = '\b'; break;
      case 'f': r = '\f'; break;
      case 'n': r = '\n'; break;
      case 'r': r = '\r'; break;
      case 't': r = '\t'; break;
      case 'v': r = '\v'; break;
      case '\\': r = '\\'; break;
      case '"':
      case '\'':
        if (c != quote) bad();
        r = static_cast<char32_t>(c);
        break;
      case 'x':  // one raw byte
        r = hex(2);
        *out += static_cast<char>(r);
        return r;
      case 'u':
      case 'U':
        r = hex(c == 'u' ? 4 : 8);
        if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) bad();
        break;
      default:
        if (c >= '0' && c <= '7') {  // three octal digits, one raw byte
          --i;
          if (i + 3 > s.size()) bad();
          unsigned v = 0;
          for (int k = 0; k < 3; ++k, ++i) {
            if (s[i] < '0' || s[i] > '7') bad();
            v = v * 8 + static_cast<unsigned>(s[i] - '0');
          }
          if (v > 255) bad();
          *out += static_cast<char>(v);
          return v;
        }
        bad();
    }
    encode_utf8(*out, r);
    return r;
  }

  // The next token inside an action.
  Token next() {
    bool space = false;
    while (true) {
      if (pos_ >= src_.size()) fail(action_start_, "unclosed action: missing }}");
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

  Token scan() {
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
        if (src_.substr(pos_, 2) != ":=") fail(pos_, "expected :=");
        pos_ += 2;
        return Token{Tok::Assign, start, ":="};
      case '"': return quoted(start);
      case '`': {
        size_t close = src_.find('`', pos_ + 1);
        if (close == src_.npos) fail(start, "unterminated raw string");
        pos_ = close + 1;
        Token t{Tok::String, start, std::string(src_.substr(start, pos_ - start))};
        t.value = std::string(src_.substr(start + 1, close - start - 1));
        return t;
      }
      case '\'': {
        size_t i = pos_ + 1;
        while (i < src_.size() && src_[i] != '\'' && src_[i] != '\n') i += src_[i] == '\\' ? 2 : 1;
        if (i >= src_.size() || src_[i] != '\'') fail(start, "unterminated character constant");
        pos_ = i + 1;
        Token t{Tok::Char, start, std::string(src_.substr(start, pos_ - start))};
        t.value = std::string(src_.substr(start + 1, i - start - 1));
        if (t.value.empty()) fail(start, "empty character constant");
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
    fail(start, fmt::format("unexpected character '{}' in an action", c));
  }

  // Identifiers and fields must be followed by a space, delimiter or punctuation.
  void check_terminator(size_t start) const {
    if (pos_ >= src_.size()) return;
    char c = src_[pos_];
    if (is_space(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' ||
        src_.substr(pos_, 2) == "}}")
      return;
    fail(start, fmt::format("unexpected character '{}' after \"{}\"", c, src_.substr(start, pos_ - start)));
  }

  Token number_token(size_t start) {
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
    if (t.text == "+" || t.text == "-") fail(start, fmt::format("bad number \"{}\"", t.text));
    return t;
  }

  Token quoted(size_t start) {
    std::string value;
    size_t i = pos_ + 1;
    while (true) {
      if (i >= src_.size() || src_[i] == '\n') fail(start, "unterminated quoted string");
      char c = src_[i];
      if (c == '"') break;
      if (c == '\\') {
        unescape(src_, i, '"', start, &value);
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

  std::string_view src_;
  size_t pos_ = 0;
  size_t action_start_ = 0;
  size_t stop_pos_ = 0;
  bool trim_next_ = false;
  int depth_ = 0;  // open {{if}}s and parentheses
};

// ---------------------------------------------------------------------------------------------
// Evaluation

class Evaluator {
 public:
  Evaluator(std::string_view src, const InterpContext& ctx) : src_(src), ctx_(ctx) {}

  void run(const std::vector<Node>& list, std::string& out) {
    for (const auto& n : list) {
      switch (n.kind) {
        case Node::Kind::Text: out += n.text; break;
        case Node::Kind::Action: {
          Val v = pipeline(n.pipe);
          out += print(v);
          break;
        }
        case Node::Kind::If: run(truth(pipeline(n.pipe)) ? n.then : n.otherwise, out); break;
      }
    }
  }

 private:
  [[noreturn]] void fail(size_t pos, const std::string& message) const { fail_at(src_, pos, message); }

  Val pipeline(const Pipeline& p) {
    Val v;
    bool piped = false;
    for (const auto& cmd : p.cmds) {
      v = command(cmd, piped ? &v : nullptr);
      piped = true;
    }
    return v;
  }

  Val command(const Command& cmd, const Val* final) {
    const Operand& head = cmd.words[0];
    if (head.kind == Operand::Kind::Func) return call(head, cmd, final);
    if (cmd.words.size() > 1 || final) fail(head.pos, fmt::format("{} is not a function and takes no arguments", head.text));
    if (head.kind == Operand::Kind::Constant && head.value.kind == Val::Kind::Nil) fail(head.pos, "nil is not a command");
    return operand(head);
  }

  Val operand(const Operand& o) {
    switch (o.kind) {
      case Operand::Kind::Func: {
        Command c{{o}, o.pos};
        return call(o, c, nullptr);
      }
      case Operand::Kind::Field: return field(o);
      case Operand::Kind::Dot: return Val{Val::Kind::Data};
      case Operand::Kind::Sub: return pipeline(*o.sub);
      case Operand::Kind::Constant: return o.value;
    }
    return {};
  }

  Val field(const Operand& o) const {
    auto it = ctx_.data.find(o.fields[0]);
    if (it == ctx_.data.end()) return {};  // a missing key prints "<no value>", as Go does for maps
    if (o.fields.size() > 1) fail(o.pos, fmt::format("can't read field {} of the string .{}", o.fields[1], o.fields[0]));
    return Val::string(it->second);
  }

  static bool truth(const Val& v) {
    switch (v.kind) {
      case Val::Kind::String: return !v.str.empty();
      case Val::Kind::Int: return v.num != 0;
      case Val::Kind::Float: return v.real != 0;
      case Val::Kind::Bool: return v.flag;
      case Val::Kind::Data: return true;
      default: return false;
    }
  }

  std::string print(const Val& v) const {
    switch (v.kind) {
      case Val::Kind::NoValue: return "<no value>";
      case Val::Kind::Nil: return "<nil>";
      case Val::Kind::String: return v.str;
      case Val::Kind::Int: return std::to_string(v.num);
      case Val::Kind::Float: return format_float(v.real);
      case Val::Kind::Bool: return v.flag ? "true" : "false";
      case Val::Kind::Data: {
        std::string out = "map[";
        bool first = true;
        for (const auto& [k, val] : ctx_.data) {
          if (!first) out += ' ';
          first = false;
          out += k + ":" + val;
        }
        return out + "]";
      }
    }
    return {};
  }

  static std::string describe(const Val& v, const std::string& text) {
    if (v.constant) return text;
    switch (v.kind) {
      case Val::Kind::String: return "a string";
      case Val::Kind::Int: return "an integer";
      case Val::Kind::Float: return "a number";
      case Val::Kind::Bool: return "a boolean";
      case Val::Kind::Nil: return "nil";
      case Val::Kind::Data: return "the data map";
      default: return "no value";
    }
  }

  // The argument values: the command's words after the function name, then the piped value.
  std::vector<Val> arguments(const Command& cmd, const Val* final, std::vector<std::string>& texts) {
    std::vector<Val> vals;
    for (size_t i = 1; i < cmd.words.size(); ++i) {
      vals.push_back(operand(cmd.words[i]));
      texts.push_back(cmd.words[i].text);
    }
    if (final) {
      vals.push_back(*final);
      texts.push_back("the piped value");
    }
    return vals;
  }

  Val call(const Operand& head, const Command& cmd, const Val* final) {
    if (const tmpl::FuncSpec* f = tmpl::find_function(head.name)) return packer_call(*f, head, cmd, final);
    return builtin(head, cmd, final);
  }

  Val packer_call(const tmpl::FuncSpec& f, const Operand& head, const Command& cmd, const Val* final) {
    size_t given = cmd.words.size() - 1 + (final ? 1 : 0);
    size_t fixed = f.params.size() - (f.variadic ? 1 : 0);
    if (f.variadic ? given < fixed : given != fixed)
      fail(head.pos, fmt::format("{} takes {}{} argument{}, got {}", f.name, f.variadic ? "at least " : "", fixed,
                                 fixed == 1 ? "" : "s", given));
    std::vector<std::string> texts;
    std::vector<Val> vals = arguments(cmd, final, texts);
    std::vector<tmpl::Arg> args(vals.size());
    for (size_t i = 0; i < vals.size(); ++i) {
      tmpl::Param want = f.params[i < f.params.size() ? i : f.params.size() - 1];
      const Val& v = vals[i];
      size_t pos = i + 1 < cmd.words.size() ? cmd.words[i + 1].pos : head.pos;
      if (want == tmpl::Param::String) {
        if (v.kind != Val::Kind::String)
          fail(pos, fmt::format("{}: argument {} must be a string, not {}", f.name, i + 1, describe(v, texts[i])));
        args[i].str = v.str;
      } else if (v.kind == Val::Kind::Int) {
        args[i].num = v.num;
      } else if (v.kind == Val::Kind::Float && v.constant && v.real == std::trunc(v.real) && std::abs(v.real) < 9.2e18) {
        args[i].num = static_cast<long long>(v.real);
      } else {
        fail(pos, fmt::format("{}: argument {} must be an integer, not {}", f.name, i + 1, describe(v, texts[i])));
      }
    }
    try {
      return Val::string(f.call(ctx_, args));
    } catch (const Error& e) {
      fail(head.pos, fmt::format("{}: {}", f.name, e.what()));
    }
  }

  // -1, 0, 1; fails unless both are strings, both integers or both floats (and booleans for equality).
  int compare(const Val& a, const Val& b, bool equality, size_t pos) const {
    if (a.kind == b.kind) {
      switch (a.kind) {
        case Val::Kind::String: return a.str < b.str ? -1 : a.str > b.str ? 1 : 0;
        case Val::Kind::Int: return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
        case Val::Kind::Float: return a.real < b.real ? -1 : a.real > b.real ? 1 : 0;
        case Val::Kind::Bool:
          if (equality) return a.flag == b.flag ? 0 : 1;
          break;
        default: break;
      }
    }
    fail(pos, "these values cannot be compared");
  }

  Val builtin(const Operand& head, const Command& cmd, const Val* final) {
    const std::string& name = head.name;
    size_t given = cmd.words.size() - 1 + (final ? 1 : 0);
    auto need = [&](size_t lo, size_t hi) {
      if (given < lo || given > hi)
        fail(head.pos, lo == hi ? fmt::format("{} takes {} argument{}, got {}", name, lo, lo == 1 ? "" : "s", given)
                                : fmt::format("{} takes at least {} argument{}, got {}", name, lo, lo == 1 ? "" : "s", given));
    };
    if (name == "and" || name == "or") {  // short-circuits like Go 1.18+
      need(1, SIZE_MAX);
      Val v;
      for (size_t i = 1; i <= given; ++i) {
        v = i < cmd.words.size() ? operand(cmd.words[i]) : *final;
        if (truth(v) != (name == "and")) return v;
      }
      return v;
    }
    std::vector<std::string> texts;
    std::vector<Val> a = arguments(cmd, final, texts);
    if (name == "not") {
      need(1, 1);
      return Val::boolean(!truth(a[0]));
    }
    if (name == "eq") {
      need(2, SIZE_MAX);
      for (size_t i = 1; i < a.size(); ++i) {
        if (compare(a[0], a[i], true, head.pos) == 0) return Val::boolean(true);
      }
      return Val::boolean(false);
    }
    if (name == "ne" || name == "lt" || name == "le" || name == "gt" || name == "ge") {
      need(2, 2);
      int c = compare(a[0], a[1], name == "ne", head.pos);
      if (name == "ne") return Val::boolean(c != 0);
      if (name == "lt") return Val::boolean(c < 0);
      if (name == "le") return Val::boolean(c <= 0);
      if (name == "gt") return Val::boolean(c > 0);
      return Val::boolean(c >= 0);
    }
    if (name == "len") {
      need(1, 1);
      if (a[0].kind == Val::Kind::String) return Val::integer(static_cast<long long>(a[0].str.size()));
      if (a[0].kind == Val::Kind::Data) return Val::integer(static_cast<long long>(ctx_.data.size()));
      fail(head.pos, fmt::format("len: {} has no length", describe(a[0], texts[0])));
    }
    if (name == "print" || name == "println") {
      // Go's Sprint puts spaces between operands when neither is a string; Sprintln always does.
      std::string out;
      for (size_t i = 0; i < a.size(); ++i) {
        if (i > 0 && (name == "println" ||
                      (a[i].kind != Val::Kind::String && a[i - 1].kind != Val::Kind::String)))
          out += ' ';
        out += print(a[i]);
      }
      if (name == "println") out += '\n';
      return Val::string(std::move(out));
    }
    need(1, SIZE_MAX);  // printf
    if (a[0].kind != Val::Kind::String) fail(head.pos, "printf: the format must be a string");
    return Val::string(printf(head.pos, a));
  }

  // "type=value" as Go's fmt reports a value that does not fit its verb.
  std::string typed(const Val& v) const {
    switch (v.kind) {
      case Val::Kind::String: return "string=" + v.str;
      case Val::Kind::Int: return "int=" + print(v);
      case Val::Kind::Float: return "float64=" + print(v);
      case Val::Kind::Bool: return "bool=" + print(v);
      case Val::Kind::Data: return "map[string]string=" + print(v);
      default: return "<nil>";
    }
  }

  // printf with the verbs %s %v %d %q %%.
  std::string printf(size_t pos, const std::vector<Val>& a) const {
    const std::string& f = a[0].str;
    std::string out;
    size_t next = 1;
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i] != '%') {
        out += f[i];
        continue;
      }
      if (++i == f.size()) {
        out += "%!(NOVERB)";
        break;
      }
      char verb = f[i];
      if (verb == '%') {
        out += '%';
        continue;
      }
      if (verb != 's' && verb != 'v' && verb != 'd' && verb != 'q')
        fail(pos, fmt::format("printf: the verb %{} is not supported by kiln (use %s, %v, %d or %q)", verb));
      if (next >= a.size()) {
        out += fmt::format("%!{}(MISSING)", verb);
        continue;
      }
      const Val& v = a[next++];
      bool fits = verb == 'v' || (verb == 'd' ? v.kind == Val::Kind::Int : v.kind == Val::Kind::String);
      if (!fits) out += fmt::format("%!{}({})", verb, typed(v));  // Go's report of a mismatched verb
      else out += verb == 'q' ? go_quote(v.str) : print(v);
    }
    if (next < a.size()) {
      out += "%!(EXTRA ";
      for (size_t k = next; k < a.size(); ++k) out += (k > next ? ", " : "") + typed(a[k]);
      out += ')';
    }
    return out;
  }

  std::string_view src_;
  const InterpContext& ctx_;
};

}  // namespace

std::string interpolate(std::string_view text, const InterpContext& ctx) {
  if (text.find("{{") == std::string_view::npos) return std::string(text);
  std::vector<Node> tree = Parser(text).parse();
  std::string out;
  out.reserve(text.size());
  Evaluator(text, ctx).run(tree, out);
  return out;
}

std::string interpolate_fully(std::string_view text, const InterpContext& ctx) {
  // Packer renders until nothing changes, forever when values refer to each other in a cycle, and
  // until memory runs out when a value holds itself twice; kiln gives up.
  constexpr int kMaxPasses = 100;
  constexpr size_t kMaxLength = 1 << 20;
  std::string current(text);
  for (int pass = 0; pass < kMaxPasses && current.size() <= kMaxLength; ++pass) {
    std::string next = interpolate(current, ctx);
    if (next == current) return next;
    current = std::move(next);
  }
  throw Error(fmt::format("interpolation does not settle after {} passes or {} MiB: a value refers to itself",
                          kMaxPasses, kMaxLength >> 20),
              ErrorCode::Template);
}

}  // namespace kiln
