// Evaluates a parsed template over an InterpContext: Packer's functions and Go's builtins
// not/and/or/eq/ne/lt/le/gt/ge/len/print/println/printf, printing values as Go does.
#include "template/go_template/evaluator.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "template/template_funcs.hpp"
#include "util/go_quote.hpp"

namespace kiln::gotmpl {
namespace {

constexpr std::string_view builtins[] = {"and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge",
                                         "len", "print", "println", "printf"};

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

class Evaluator {
 public:
  Evaluator(std::string_view src, const InterpContext& ctx) : source_(src), ctx_(ctx) {}

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
  [[noreturn]] void fail(size_t pos, const std::string& message) const { source_.fail(pos, message); }

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

  Source source_;
  const InterpContext& ctx_;
};

}  // namespace

bool is_builtin(std::string_view name) {
  for (auto b : builtins) {
    if (b == name) return true;
  }
  return false;
}

void evaluate(std::string_view text, const std::vector<Node>& tree, const InterpContext& ctx, std::string& out) {
  Evaluator(text, ctx).run(tree, out);
}

}  // namespace kiln::gotmpl
