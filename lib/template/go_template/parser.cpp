// The parse tree of a template: text, actions and {{if}}/{{else}}/{{end}}, as Go's text/template
// builds it for the subset Packer templates use.
#include "template/go_template/parser.hpp"

#include <fmt/format.h>

#include "template/go_template/evaluator.hpp"
#include "template/go_template/lexer.hpp"
#include "template/go_template/literals.hpp"
#include "template/template_funcs.hpp"

namespace kiln::gotmpl {
namespace {

constexpr std::string_view unsupported_builtins[] = {"index", "slice", "html", "js", "urlquery", "call"};

class Parser {
 public:
  explicit Parser(std::string_view src) : lexer_(Source(src)), src_(src) {}

  std::vector<Node> parse() {
    Stop stop;
    auto list = parse_list(stop);
    if (stop != Stop::Eof) fail(stop_pos_, stop == Stop::End ? "{{end}} without a matching {{if}}" : "{{else}} outside {{if}}");
    return list;
  }

 private:
  enum class Stop { Eof, End, Else };

  [[noreturn]] void fail(size_t pos, const std::string& message) const { lexer_.source().fail(pos, message); }

  // Text and actions until EOF, {{end}} or {{else}}; for {{else}}, the lexer stays right after "else".
  std::vector<Node> parse_list(Stop& stop) {
    std::vector<Node> list;
    while (true) {
      size_t open = src_.find("{{", lexer_.pos());
      size_t text_end = open == src_.npos ? src_.size() : open;
      size_t text_start = lexer_.pos();
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
        stop = Stop::Eof;
        return list;
      }
      lexer_.enter_action(open, open + 2 + (left_trim ? 2 : 0));
      if (lexer_.at_comment()) {
        trim_next_ = lexer_.skip_comment();
        continue;
      }
      Token t = lexer_.next();
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
    Token first = lexer_.next();
    n.pipe = parse_pipeline(first, false);
    Stop stop;
    n.then = parse_list(stop);
    if (stop == Stop::Eof) fail(pos, "{{if}} without {{end}}");
    if (stop == Stop::Else) {
      Token t = lexer_.next();
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
    Token t = lexer_.next();
    if (t.kind != Tok::RightDelim) fail(t.pos, fmt::format("unexpected \"{}\" after {{{{{}}}}}", t.text, what));
    trim_next_ = t.trim;
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
        t = lexer_.next();
        cmd.pos = t.pos;
        continue;
      }
      if (!cmd.words.empty() && !t.space_before)
        fail(t.pos, fmt::format("missing space before \"{}\"", t.text));
      cmd.words.push_back(operand(t));
      t = lexer_.next();
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
        while (lexer_.peek_field()) {
          Token f = lexer_.next();
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
      case Tok::Char: o.value = number_literal(lexer_.source(), t); return o;
      case Tok::LParen: {
        Nested nested(*this, t.pos);
        o.kind = Operand::Kind::Sub;
        Token first = lexer_.next();
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

  Lexer lexer_;
  std::string_view src_;
  size_t stop_pos_ = 0;
  bool trim_next_ = false;
  int depth_ = 0;  // open {{if}}s and parentheses
};

}  // namespace

std::vector<Node> parse(std::string_view text) { return Parser(text).parse(); }

}  // namespace kiln::gotmpl
