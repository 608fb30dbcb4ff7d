// Packer's Go-template subset: {{func args | func}}, {{.Field}}, raw and quoted strings, {{- -}}.
#include <openssl/rand.h>
#include <unistd.h>

#include <cctype>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "kiln/interpolate.hpp"
#include "kiln/version.hpp"

namespace kiln {
namespace {

std::string new_uuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw Error("cannot generate a UUID: no randomness available");
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                     b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

struct Token {
  enum Kind { Ident, Field, Text, Number, Pipe } kind;
  std::string text;
};

// Splits the inside of one {{ }} action into tokens.
std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '|') {
      out.push_back({Token::Pipe, "|"});
      ++i;
    } else if (c == '`') {
      size_t end = s.find('`', i + 1);
      if (end == std::string_view::npos) throw Error("unterminated raw string in template action");
      out.push_back({Token::Text, std::string(s.substr(i + 1, end - i - 1))});
      i = end + 1;
    } else if (c == '"') {
      std::string text;
      ++i;
      for (;; ++i) {
        if (i >= s.size()) throw Error("unterminated quoted string in template action");
        if (s[i] == '"') break;
        if (s[i] != '\\') {
          text += s[i];
          continue;
        }
        if (++i >= s.size()) throw Error("unterminated quoted string in template action");
        switch (s[i]) {
          case 'n': text += '\n'; break;
          case 't': text += '\t'; break;
          case 'r': text += '\r'; break;
          case '\\': text += '\\'; break;
          case '"': text += '"'; break;
          default: throw Error(fmt::format("unknown escape \\{} in quoted string", s[i]));
        }
      }
      out.push_back({Token::Text, std::move(text)});
      ++i;
    } else if (c == '.' || std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      out.push_back({c == '.' ? Token::Field : Token::Ident, std::string(s.substr(c == '.' ? i + 1 : i, j - i - (c == '.')))});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
      size_t j = i + 1;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      out.push_back({Token::Number, std::string(s.substr(i, j - i))});
      i = j;
    } else {
      throw Error(fmt::format("unexpected \"{}\" in template action", c));
    }
  }
  return out;
}

using Args = std::vector<std::string>;
using Func = std::string (*)(const Args&, const InterpContext&);

void arity(const char* name, const Args& a, size_t n) {
  if (a.size() != n)
    throw Error(fmt::format("wrong number of args for {}: want {} got {}", name, n, a.size()));
}

int to_int(const char* name, const std::string& s) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end) throw Error(fmt::format("{}: expected an integer, got \"{}\"", name, s));
  return static_cast<int>(v);
}

std::string replace_n(std::string s, const std::string& from, const std::string& to, int n) {
  if (from.empty()) return s;
  size_t at = 0;
  for (int done = 0; (n < 0 || done < n) && (at = s.find(from, at)) != std::string::npos; ++done) {
    s.replace(at, from.size(), to);
    at += to.size();
  }
  return s;
}

std::string unsupported(const char* name) { throw Error(fmt::format("{} is not supported yet", name)); }

const std::unordered_map<std::string, Func>& functions() {
  static const std::unordered_map<std::string, Func> table = {
      {"user", [](const Args& a, const InterpContext& c) -> std::string {
         arity("user", a, 1);
         if (c.user)
           if (auto it = c.user->find(a[0]); it != c.user->end()) return it->second;
         if (c.on_undefined_user) c.on_undefined_user(a[0]);
         return "";
       }},
      {"env", [](const Args& a, const InterpContext& c) -> std::string {
         arity("env", a, 1);
         if (!c.allow_env) throw Error("env vars are not allowed here: use {{env}} only in variable defaults");
         const char* v = std::getenv(a[0].c_str());
         return v ? v : "";
       }},
      {"timestamp", [](const Args& a, const InterpContext& c) -> std::string {
         arity("timestamp", a, 0);
         return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(c.run->start.time_since_epoch()).count());
       }},
      {"isotime", [](const Args& a, const InterpContext& c) -> std::string {
         if (a.size() > 1) throw Error("isotime takes at most one argument, a Go time layout");
         return format_go_time(c.run->start, a.empty() ? "2006-01-02T15:04:05Z07:00" : a[0]);
       }},
      {"uuid", [](const Args& a, const InterpContext&) -> std::string {
         arity("uuid", a, 0);
         return new_uuid();
       }},
      {"pwd", [](const Args& a, const InterpContext&) -> std::string {
         arity("pwd", a, 0);
         return std::filesystem::current_path().string();
       }},
      {"template_dir", [](const Args& a, const InterpContext& c) -> std::string {
         arity("template_dir", a, 0);
         if (c.template_dir.empty()) throw Error("template_dir is not available here");
         return c.template_dir;
       }},
      {"build_name", [](const Args& a, const InterpContext& c) -> std::string {
         arity("build_name", a, 0);
         return c.build_name;
       }},
      {"build_type", [](const Args& a, const InterpContext& c) -> std::string {
         arity("build_type", a, 0);
         return c.build_type;
       }},
      {"packer_version", [](const Args& a, const InterpContext&) -> std::string {
         arity("packer_version", a, 0);
         return packer_compat_version;
       }},
      {"upper", [](const Args& a, const InterpContext&) -> std::string {
         arity("upper", a, 1);
         std::string s = a[0];
         for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
         return s;
       }},
      {"lower", [](const Args& a, const InterpContext&) -> std::string {
         arity("lower", a, 1);
         std::string s = a[0];
         for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
         return s;
       }},
      {"split", [](const Args& a, const InterpContext&) -> std::string {
         arity("split", a, 3);
         int n = to_int("split", a[2]);
         std::vector<std::string> parts;
         size_t start = 0;
         for (size_t at; !a[1].empty() && (at = a[0].find(a[1], start)) != std::string::npos; start = at + a[1].size())
           parts.push_back(a[0].substr(start, at - start));
         parts.push_back(a[0].substr(start));
         if (n < 0 || n >= static_cast<int>(parts.size()))
           throw Error(fmt::format("split: index {} out of range for \"{}\"", n, a[0]));
         return parts[n];
       }},
      {"replace", [](const Args& a, const InterpContext&) -> std::string {
         arity("replace", a, 4);
         return replace_n(a[3], a[0], a[1], to_int("replace", a[2]));
       }},
      {"replace_all", [](const Args& a, const InterpContext&) -> std::string {
         arity("replace_all", a, 3);
         return replace_n(a[2], a[0], a[1], -1);
       }},
      {"clean_resource_name", [](const Args& a, const InterpContext&) -> std::string {
         arity("clean_resource_name", a, 1);
         return clean_resource_name(a[0]);
       }},
      {"build", [](const Args& a, const InterpContext& c) -> std::string {
         arity("build", a, 1);
         auto it = c.build.find(a[0]);
         return it == c.build.end() ? "" : it->second;
       }},
      {"consul_key", [](const Args&, const InterpContext&) { return unsupported("consul_key"); }},
      {"vault", [](const Args&, const InterpContext&) { return unsupported("vault"); }},
      {"aws_secretsmanager", [](const Args&, const InterpContext&) { return unsupported("aws_secretsmanager"); }},
      {"sed", [](const Args&, const InterpContext&) { return unsupported("sed"); }},
  };
  return table;
}

std::string evaluate(std::string_view action, const InterpContext& ctx) {
  std::vector<Token> tokens = lex(action);
  if (tokens.empty()) throw Error("empty template action {{}}");
  std::optional<std::string> piped;
  size_t i = 0;
  while (i < tokens.size()) {
    size_t end = i;
    while (end < tokens.size() && tokens[end].kind != Token::Pipe) ++end;
    if (end == i) throw Error("missing command in template pipeline");
    const Token& head = tokens[i];
    std::string result;
    if (head.kind == Token::Ident) {
      auto it = functions().find(head.text);
      if (it == functions().end()) throw Error(fmt::format("function \"{}\" not defined", head.text));
      Args args;
      for (size_t k = i + 1; k < end; ++k) {
        if (tokens[k].kind == Token::Ident) throw Error(fmt::format("{}: nested calls need parentheses, which kiln does not support", head.text));
        args.push_back(tokens[k].kind == Token::Field ? ctx.data.count(tokens[k].text) ? ctx.data.at(tokens[k].text) : "<no value>"
                                                      : tokens[k].text);
      }
      if (piped) args.push_back(*piped);
      result = it->second(args, ctx);
    } else {
      if (end - i != 1 || piped) throw Error(fmt::format("can't give arguments to non-function {}", head.text));
      if (head.kind == Token::Field) {
        auto it = ctx.data.find(head.text);
        result = it == ctx.data.end() ? "<no value>" : it->second;
      } else {
        result = head.text;
      }
    }
    piped = std::move(result);
    i = end + 1;
    if (end < tokens.size() && i >= tokens.size()) throw Error("missing command after | in template pipeline");
  }
  return *piped;
}

}  // namespace

std::shared_ptr<const RunConstants> make_run_constants() {
  auto run = std::make_shared<RunConstants>();
  run->uuid = new_uuid();
  return run;
}

std::string clean_resource_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-' || l == '_' || l == '.' || l == '/' || l == '(' || l == ')';
    out += ok ? l : '-';
  }
  if (out.size() > 128) out.resize(128);
  return out;
}

std::string interpolate(std::string_view text, const InterpContext& ctx) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open - i);
    size_t body = open + 2;
    if (text.substr(body, 2) == "- ") {  // {{- trims whitespace before the action
      while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
      body += 2;
    }
    // Find the closing }} outside quoted strings.
    size_t close = body;
    char quote = 0;
    for (; close + 1 < text.size(); ++close) {
      char c = text[close];
      if (quote) {
        if (c == '\\' && quote == '"') ++close;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '}' && text[close + 1] == '}') {
        break;
      }
    }
    if (close + 1 >= text.size()) throw Error(fmt::format("unclosed action in template \"{}\"", text));
    size_t inner_end = close;
    bool trim_right = close >= body + 2 && text.substr(close - 2, 2) == " -";
    if (trim_right) inner_end -= 2;
    try {
      out += evaluate(text.substr(body, inner_end - body), ctx);
    } catch (const Error& e) {
      throw Error(fmt::format("template: {}: {}", text.substr(open, close + 2 - open), e.what()));
    }
    i = close + 2;
    if (trim_right)
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  }
  return out;
}

}  // namespace kiln
