#include "template/upgrade/go_template.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "template/upgrade/hcl_writer.hpp"

namespace kiln::upgrade {
namespace {

// One word of an action: a string literal, or anything else as written (name, number, .Field).
struct Word {
  bool literal = false;
  std::string text;
};

// One {{ … }} action found in the text.
struct Action {
  size_t begin = 0, end = 0;  // the whole action, braces included
  bool trim_left = false, trim_right = false;
  std::optional<std::vector<Word>> words;  // nullopt: syntax this converter does not take apart
};

// Finds the action opening at `begin` ("{{"); nullopt when it is never closed.
std::optional<Action> read_action(std::string_view text, size_t begin) {
  Action a;
  a.begin = begin;
  size_t i = begin + 2;
  if (text.substr(i, 2) == "- ") {
    a.trim_left = true;
    i += 2;
  }
  std::vector<Word> words;
  bool simple = true;
  while (i < text.size()) {
    char c = text[i];
    if (text.substr(i, 2) == "}}" || text.substr(i, 4) == " -}}") {
      a.trim_right = text[i] == ' ';
      a.end = i + (a.trim_right ? 4 : 2);
      if (simple) a.words = std::move(words);
      return a;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '`') {
      size_t close = text.find('`', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      words.push_back(Word{true, std::string(text.substr(i + 1, close - i - 1))});
      i = close + 1;
    } else if (c == '"') {
      std::string value;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
          value += text[i];
          continue;
        }
        char e = text[++i];
        value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      }
      if (i == text.size()) return std::nullopt;
      words.push_back(Word{true, std::move(value)});
      ++i;
    } else {
      size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text.substr(i, 2) != "}}") {
        if (std::string_view("()|$'\"`:=/").find(text[i]) != std::string_view::npos) simple = false;
        ++i;
      }
      words.push_back(Word{false, std::string(text.substr(start, i - start))});
    }
  }
  return std::nullopt;
}

std::optional<long long> integer(const Word& w) {
  long long n = 0;
  auto [end, ec] = std::from_chars(w.text.data(), w.text.data() + w.text.size(), n);
  if (w.literal || ec != std::errc() || end != w.text.data() + w.text.size()) return std::nullopt;
  return n;
}

// The HCL2 expression for a call of a Packer template function, or nullopt to keep the action.
std::optional<std::string> translate(const std::vector<Word>& words, GoTemplateScope& scope) {
  if (words.empty() || words[0].literal) return std::nullopt;
  const std::string& name = words[0].text;
  std::vector<std::string> args;
  for (size_t i = 1; i < words.size(); ++i) {
    if (!words[i].literal) break;
    args.push_back(words[i].text);
  }
  size_t n = words.size() - 1;
  bool all_strings = args.size() == n;
  if (n == 0) {
    if (name == "timestamp") {
      scope.timestamp = true;
      return "local.timestamp";
    }
    if (name == "build_name") return "source.name";  // Packer 1.6.6 wrote build.name: the build block's name, empty
    if (name == "build_type") return "source.type";  // and build.type, which 1.6.6 refuses
    if (name == "template_dir") return "path.root";
    if (name == "pwd") return "path.cwd";
    if (name == "packer_version") return "packer.version";
    if (name == "uuid") return "uuidv4()";
    if (name == "isotime" || name == "strftime") return "timestamp()";
    return std::nullopt;
  }
  if (n == 1 && all_strings) {
    const std::string& a = args[0];
    if (name == "user") {
      scope.users.insert(a);
      if (!is_identifier(a)) return std::nullopt;
      return (scope.locals.count(a) ? "local." : "var.") + a;
    }
    if (name == "env") return fmt::format("env({})", hcl_quote(a));
    if (name == "build" && is_identifier(a)) return "build." + a;
    if (name == "isotime") return fmt::format("legacy_isotime({})", hcl_quote(a));
    if (name == "strftime") return fmt::format("legacy_strftime({})", hcl_quote(a));
    if (name == "upper" || name == "lower") return fmt::format("{}({})", name, hcl_quote(a));
    return std::nullopt;
  }
  // HCL2's replace reads a substring written /like this/ as a regular expression; Go's never does.
  auto plain = [](const std::string& s) { return !(s.size() > 1 && s.front() == '/' && s.back() == '/'); };
  if (name == "split" && n == 3 && args.size() == 2) {
    if (auto index = integer(words[3]); index && *index >= 0)
      return fmt::format("split({}, {})[{}]", hcl_quote(args[1]), hcl_quote(args[0]), *index);
  }
  if (name == "replace_all" && n == 3 && all_strings && plain(args[0]))
    return fmt::format("replace({}, {}, {})", hcl_quote(args[2]), hcl_quote(args[0]), hcl_quote(args[1]));
  // replace with a count ≥ 0 replaces only the first occurrences, which no HCL2 function does.
  if (name == "replace" && n == 4 && args.size() == 2 && words[4].literal && plain(args[0]))
    if (auto count = integer(words[3]); count && *count < 0)
      return fmt::format("replace({}, {}, {})", hcl_quote(words[4].text), hcl_quote(args[0]), hcl_quote(args[1]));
  return std::nullopt;
}

void trim_right(std::string& s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
}

}  // namespace

std::string convert_go_template(std::string_view text, GoTemplateScope& scope) {
  std::string out, literal;
  bool trim_next = false;
  size_t i = 0;
  auto flush = [&] {
    out += hcl_escape(literal);
    literal.clear();
  };
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    std::optional<Action> action;
    if (open != std::string_view::npos) action = read_action(text, open);
    std::string_view before = text.substr(i, action ? open - i : std::string_view::npos);
    if (trim_next)
      while (!before.empty() && std::isspace(static_cast<unsigned char>(before.front()))) before.remove_prefix(1);
    literal += before;
    if (!action) break;
    if (action->trim_left) trim_right(literal);
    trim_next = action->trim_right;
    std::optional<std::string> expr = action->words ? translate(*action->words, scope) : std::nullopt;
    if (expr) {
      flush();
      out += "${" + *expr + "}";
    } else {
      scope.kept = true;
      literal += text.substr(action->begin, action->end - action->begin);
    }
    i = action->end;
  }
  flush();
  return out;
}

bool only_env_calls(std::string_view text) {
  for (size_t i = text.find("{{"); i != std::string_view::npos; i = text.find("{{", i + 2)) {
    auto action = read_action(text, i);
    if (!action || !action->words || action->words->size() != 2 || (*action->words)[0].text != "env" ||
        !(*action->words)[1].literal)
      return false;
    i = action->end - 2;
  }
  return true;
}

}  // namespace kiln::upgrade
