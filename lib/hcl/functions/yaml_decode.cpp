// yamldecode over a strict subset of YAML 1.1 (no YAML library is a dependency): block mappings and
// sequences by indentation, flow [..] and {..} collections, plain, single- and double-quoted
// scalars, literal (|) and folded (>) block scalars with chomping indicators, comments, one
// document with an optional --- start and ... end. Plain scalars resolve as go-yaml v2 resolves
// them (null, ~, yes/no/on/off/y/n booleans, decimal numbers); mappings become objects and sequences
// tuples, as go-cty-yaml's implied types. Anchors, aliases, tags, multi-line plain scalars, complex
// keys and multiple documents are errors rather than guesses.
#include <cctype>
#include <cstdio>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl::functions {

namespace {

struct Line {
  size_t number;  // 1-based
  size_t indent;
  std::string text;  // without indentation and comment; not empty
};

[[noreturn]] void yaml_error(size_t line, const std::string& what) {
  fail("on line " + std::to_string(line) + ": " + what);
}

// Nesting deeper than this is an error, so hostile input cannot exhaust the stack.
constexpr size_t kMaxDepth = 1000;

struct DepthGuard {
  size_t& depth;
  DepthGuard(size_t& d, size_t line) : depth(d) {
    if (++depth > kMaxDepth) yaml_error(line, "exceeded max depth of " + std::to_string(kMaxDepth));
  }
  ~DepthGuard() { --depth; }
};

// The line without a trailing comment: a # at the start or after a space, outside quotes.
std::string strip_comment(const std::string& s) {
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '[' || s[i - 1] == '{' || s[i - 1] == ',' || s[i - 1] == ':') quote = c;
    } else if (c == '#' && (i == 0 || s[i - 1] == ' ')) {
      return s.substr(0, i);
    }
  }
  return s;
}

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

bool plain_is(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

bool is_decimal_number(const std::string& s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0, fraction = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++fraction;
  }
  if (digits + fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

Value plain_scalar(const std::string& s, size_t line) {
  if (plain_is(s, {"", "~", "null", "Null", "NULL"})) return Value::null(Type::dynamic());
  if (plain_is(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) return Value::boolean(true);
  if (plain_is(s, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) return Value::boolean(false);
  if (is_decimal_number(s)) {
    std::string text = s[0] == '+' ? s.substr(1) : s;
    if (text[0] == '.' || (text[0] == '-' && text.size() > 1 && text[1] == '.')) text.insert(text[0] == '-' ? 1 : 0, "0");
    if (std::optional<Number> n = Number::parse(text)) return Value::number(*n);
  }
  if (s[0] == '&' || s[0] == '*' || s[0] == '!' || s[0] == '%' || s[0] == '@' || s[0] == '`' || s[0] == '|' || s[0] == '>')
    yaml_error(line, "\"" + s.substr(0, 1) + "\" is not supported by kiln's YAML reader");
  return text(s);
}

// A quoted scalar starting at s[i]; i ends just past the closing quote.
std::string quoted_scalar(const std::string& s, size_t& i, size_t line) {
  char quote = s[i++];
  std::string out;
  while (i < s.size()) {
    char c = s[i++];
    if (quote == '\'' && c == '\'') {
      if (i < s.size() && s[i] == '\'') {
        out += '\'', ++i;
        continue;
      }
      return out;
    }
    if (quote == '"' && c == '"') return out;
    if (quote == '"' && c == '\\') {
      if (i >= s.size()) break;
      char e = s[i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case ' ': out += ' '; break;
        case 'x':
        case 'u':
        case 'U': {
          size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + digits > s.size()) yaml_error(line, "invalid escape in double-quoted scalar");
          char32_t cp = char32_t(std::stoul(s.substr(i, digits), nullptr, 16));
          append_utf8(out, cp);
          i += digits;
          break;
        }
        default:
          yaml_error(line, "found unknown escape character while parsing a quoted scalar");
      }
      continue;
    }
    out += c;
  }
  yaml_error(line, "found unexpected end of stream while scanning a quoted scalar");
}

class FlowParser {
 public:
  FlowParser(const std::string& s, size_t line) : s_(s), line_(line) {}

  Value parse_all() {
    Value v = value();
    skip();
    if (i_ != s_.size()) yaml_error(line_, "did not find expected <document end>");
    return v;
  }

 private:
  const std::string& s_;
  size_t line_;
  size_t i_ = 0;
  size_t depth_ = 0;

  void skip() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }

  Value value() {
    DepthGuard guard(depth_, line_);
    skip();
    if (i_ >= s_.size()) return Value::null(Type::dynamic());
    char c = s_[i_];
    if (c == '[') return sequence();
    if (c == '{') return mapping();
    if (c == '"' || c == '\'') return text(quoted_scalar(s_, i_, line_));
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ']' && s_[i_] != '}' &&
           !(s_[i_] == ':' && (i_ + 1 == s_.size() || s_[i_ + 1] == ' ')))
      ++i_;
    return plain_scalar(trim_right(s_.substr(start, i_ - start)), line_);
  }

  void expect(char c) {
    skip();
    if (i_ >= s_.size() || s_[i_] != c) yaml_error(line_, std::string("did not find expected '") + c + "'");
    ++i_;
  }

  Value sequence() {
    ++i_;
    std::vector<Value> items;
    skip();
    while (i_ < s_.size() && s_[i_] != ']') {
      items.push_back(value());
      skip();
      if (i_ < s_.size() && s_[i_] == ',') ++i_, skip();
    }
    expect(']');
    return Value::tuple(std::move(items));
  }

  Value mapping() {
    ++i_;
    std::map<std::string, Value> attributes;
    skip();
    while (i_ < s_.size() && s_[i_] != '}') {
      Value key = value();
      if (key.is_null() || key.type() != Type::string()) key = text(key.is_null() ? "null" : debug_key(key));
      expect(':');
      attributes.insert_or_assign(key.as_string(), value());
      skip();
      if (i_ < s_.size() && s_[i_] == ',') ++i_, skip();
    }
    expect('}');
    return Value::object(std::move(attributes));
  }

  static std::string debug_key(const Value& key) {
    if (key.type() == Type::number()) return key.as_number().str();
    if (key.type() == Type::boolean()) return key.as_bool() ? "true" : "false";
    return "?";
  }
};

class BlockParser {
 public:
  BlockParser(std::vector<Line> lines, std::vector<std::string> raw) : lines_(std::move(lines)), raw_(std::move(raw)) {}

  Value parse_document() {
    Value v = node(0);
    if (at_ < lines_.size()) yaml_error(lines_[at_].number, "did not find expected <document start>");
    return v;
  }

 private:
  std::vector<Line> lines_;
  std::vector<std::string> raw_;  // every source line, for block scalars
  size_t at_ = 0;
  size_t depth_ = 0;

  static bool is_sequence_item(const std::string& t) { return t == "-" || t.rfind("- ", 0) == 0; }

  // Where the ": " (or final ':') of a mapping entry is, outside quotes and flow collections.
  static size_t key_colon(const std::string& t) {
    char quote = 0;
    int depth = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if ((c == '"' || c == '\'') && i == 0) {
        quote = c;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if (c == ']' || c == '}') {
        --depth;
      } else if (c == ':' && depth == 0 && (i + 1 == t.size() || t[i + 1] == ' ')) {
        return i;
      }
    }
    return std::string::npos;
  }

  Value node(size_t min_indent) {
    if (at_ >= lines_.size() || lines_[at_].indent < min_indent) return Value::null(Type::dynamic());
    const Line& line = lines_[at_];
    DepthGuard guard(depth_, line.number);
    if (is_sequence_item(line.text)) return sequence(line.indent);
    if (key_colon(line.text) != std::string::npos) return mapping(line.indent);
    ++at_;
    return scalar_text(line.text, line.number, line.indent);
  }

  Value scalar_text(const std::string& t, size_t number, size_t indent) {
    if (t[0] == '|' || t[0] == '>') return block_scalar(t, number, indent);
    if (t[0] == '[' || t[0] == '{') return FlowParser(t, number).parse_all();
    if (t[0] == '"' || t[0] == '\'') {
      size_t i = 0;
      std::string s = quoted_scalar(t, i, number);
      if (!trim_right(t.substr(i)).empty()) yaml_error(number, "did not find expected key");
      return text(s);
    }
    if (at_ < lines_.size() && lines_[at_].indent > indent && !is_sequence_item(lines_[at_].text))
      yaml_error(lines_[at_].number, "multi-line plain scalars are not supported by kiln's YAML reader");
    return plain_scalar(t, number);
  }

  Value sequence(size_t indent) {
    std::vector<Value> items;
    while (at_ < lines_.size() && lines_[at_].indent == indent && is_sequence_item(lines_[at_].text)) {
      Line& line = lines_[at_];
      std::string rest = line.text.size() > 1 ? line.text.substr(2) : "";
      size_t spaces = rest.find_first_not_of(' ');
      if (spaces == std::string::npos) {
        ++at_;
        items.push_back(node(indent + 1));
        continue;
      }
      if (rest[spaces] == '|' || rest[spaces] == '>') {
        // A block scalar's lines are indented relative to the sequence, not to the item's text.
        ++at_;
        items.push_back(block_scalar(rest.substr(spaces), line.number, indent));
        continue;
      }
      // The item's content continues as if it were a line of its own, indented to where it starts.
      line.indent += 2 + spaces;
      line.text = rest.substr(spaces);
      items.push_back(node(line.indent));
    }
    if (at_ < lines_.size() && lines_[at_].indent > indent) yaml_error(lines_[at_].number, "did not find expected '-' indicator");
    return Value::tuple(std::move(items));
  }

  Value mapping(size_t indent) {
    std::map<std::string, Value> attributes;
    while (at_ < lines_.size() && lines_[at_].indent == indent && !is_sequence_item(lines_[at_].text)) {
      const Line line = lines_[at_];
      size_t colon = key_colon(line.text);
      if (colon == std::string::npos) yaml_error(line.number, "could not find expected ':'");
      std::string raw_key = trim_right(line.text.substr(0, colon));
      std::string key = raw_key;
      if (!raw_key.empty() && (raw_key[0] == '"' || raw_key[0] == '\'')) {
        size_t i = 0;
        key = quoted_scalar(raw_key, i, line.number);
      }
      if (attributes.count(key)) yaml_error(line.number, "mapping key \"" + key + "\" already defined");
      std::string rest = colon + 1 < line.text.size() ? line.text.substr(colon + 1) : "";
      size_t spaces = rest.find_first_not_of(' ');
      ++at_;
      Value value;
      if (spaces == std::string::npos) {
        bool sequence_here = at_ < lines_.size() && lines_[at_].indent == indent && is_sequence_item(lines_[at_].text);
        value = sequence_here ? sequence(indent) : node(indent + 1);
      } else {
        value = scalar_text(rest.substr(spaces), line.number, indent);
      }
      attributes.emplace(key, value);
    }
    if (at_ < lines_.size() && lines_[at_].indent > indent) yaml_error(lines_[at_].number, "mapping values are not allowed in this context");
    return Value::object(std::move(attributes));
  }

  // | and > scalars: the raw lines indented deeper than the line that introduced them.
  Value block_scalar(const std::string& header, size_t number, size_t indent) {
    bool folded = header[0] == '>';
    char chomp = header.size() > 1 ? header[1] : ' ';
    if (header.size() > 2 || (chomp != ' ' && chomp != '-' && chomp != '+'))
      yaml_error(number, "block scalar headers other than |, |-, |+, >, >-, >+ are not supported by kiln's YAML reader");
    // Blank lines belong to the block; it ends at the first line indented no deeper than its parent.
    std::vector<std::string> body;
    size_t block_indent = std::string::npos;
    size_t n = number;  // raw_[n] is the line after the header
    for (; n < raw_.size(); ++n) {
      const std::string& raw = raw_[n];
      size_t spaces = raw.find_first_not_of(' ');
      if (spaces == std::string::npos) {
        body.emplace_back();
        continue;
      }
      if (spaces <= indent) break;
      if (block_indent == std::string::npos) block_indent = spaces;
      if (spaces < block_indent) yaml_error(n + 1, "found a block scalar line indented less than its first line");
      body.push_back(trim_right(raw.substr(block_indent)));
    }
    size_t trailing_blank = 0;
    while (!body.empty() && body.back().empty()) body.pop_back(), ++trailing_blank;
    while (at_ < lines_.size() && lines_[at_].number <= n) ++at_;
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) {
      if (i > 0) out += folded && !body[i].empty() && !body[i - 1].empty() ? " " : "\n";
      out += body[i];
    }
    if (!body.empty() && chomp != '-') out += "\n";
    if (chomp == '+') out += std::string(trailing_blank, '\n');
    return text(out);
  }
};

Value yamldecode(const Args& a) {
  std::vector<std::string> raw;
  const std::string& source = a[0].as_string();
  for (size_t start = 0; start <= source.size();) {
    size_t nl = source.find('\n', start);
    if (nl == std::string::npos) nl = source.size();
    raw.push_back(trim_right(source.substr(start, nl - start)));
    start = nl + 1;
  }
  std::vector<Line> lines;
  bool started = false, ended = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string text = trim_right(strip_comment(raw[i]));
    size_t spaces = text.find_first_not_of(' ');
    if (spaces == std::string::npos) continue;
    if (text[spaces] == '\t') yaml_error(i + 1, "found character that cannot start any token");
    if (spaces == 0 && (text == "---" || text.rfind("--- ", 0) == 0)) {
      if (started) yaml_error(i + 1, "more than one YAML document is not supported");
      started = true;
      if (text.size() > 4) lines.push_back({i + 1, 4, text.substr(4)});
      continue;
    }
    if (spaces == 0 && text == "...") {
      ended = true;
      continue;
    }
    if (ended) yaml_error(i + 1, "more than one YAML document is not supported");
    if (text[spaces] == '%') yaml_error(i + 1, "YAML directives are not supported by kiln's YAML reader");
    started = true;
    lines.push_back({i + 1, spaces, text.substr(spaces)});
  }
  if (lines.empty()) fail("on line 1, column 1: missing start of document");
  return BlockParser(std::move(lines), std::move(raw)).parse_document();
}

}  // namespace

void add_yaml_functions(FunctionTable& table) {
  add_yaml_encode_function(table);
  Function decode;
  decode.params = {param("src", Type::string())};
  decode.impl = yamldecode;
  table["yamldecode"] = decode;
}

}  // namespace kiln::hcl::functions
