// The tree and tokens of Go's text/template as Packer 1.6.6 uses it, shared by the lexer, the
// parser and the evaluator.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::gotmpl {

// The template text, for errors that name line:column.
class Source {
 public:
  explicit Source(std::string_view text) : text_(text) {}
  std::string_view text() const { return text_; }
  [[noreturn]] void fail(size_t pos, const std::string& message) const;

 private:
  std::string_view text_;
};

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

enum class Tok { RightDelim, Ident, Field, Dot, String, Number, Char, LParen, RParen, Pipe, Variable, Assign, Comma };

struct Token {
  Token(Tok k, size_t p, std::string t) : kind(k), pos(p), text(std::move(t)) {}
  Tok kind;
  size_t pos;
  std::string text;   // raw text
  std::string value;  // decoded string for String and Char
  bool space_before = false;
  bool trim = false;  // RightDelim: "-}}"
};

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline bool is_alnum(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace kiln::gotmpl
