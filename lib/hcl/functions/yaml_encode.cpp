// yamlencode: block-style YAML as go-cty-yaml writes it (go-yaml v2's emitter): strings double-quoted,
// multi-line strings as literal blocks, keys sorted, sequences in a mapping not indented further.

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl::functions {

namespace {

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  std::string_view rest = s;
  while (!rest.empty()) {
    CodePoint cp = decode_utf8(rest);
    size_t n = cp.length == 0 ? 1 : cp.length;
    char32_t c = cp.length == 0 ? 0xFFFD : cp.value;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case 0: out += "\\0"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          static constexpr char kHex[] = "0123456789ABCDEF";
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out.append(rest.substr(0, n));
        }
    }
    rest.remove_prefix(n);
  }
  return out + "\"";
}

// go-yaml writes a multi-line string as a literal block unless something in it would not survive one.
bool literal_block(const std::string& s) {
  if (s.find('\n') == std::string::npos || s.front() == ' ' || s.front() == '\n') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
    if (c == ' ' && (i + 1 == s.size() || s[i + 1] == '\n')) return false;
  }
  return true;
}

std::string literal(const std::string& s, size_t indent) {
  size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  std::string out = trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
  std::string body = s.substr(0, s.size() - trailing);
  std::string pad(indent, ' ');
  size_t start = 0;
  for (size_t nl; start <= body.size(); start = nl + 1) {
    nl = body.find('\n', start);
    if (nl == std::string::npos) nl = body.size();
    std::string line = body.substr(start, nl - start);
    out += "\n" + (line.empty() ? "" : pad + line);
  }
  for (size_t i = 1; i < trailing; ++i) out += "\n";
  return out;
}

bool is_nonempty_sequence(const Value& v) { return !v.is_null() && v.type().is_list_like() && v.length() > 0; }
bool is_nonempty_mapping(const Value& v) {
  Type::Kind k = v.type().kind();
  return !v.is_null() && (k == Type::Kind::Map || k == Type::Kind::Object) && v.length() > 0;
}

// A value that fits on the line it starts: scalars, empty collections and literal blocks (whose lines
// follow at `indent`).
std::string inline_value(const Value& v, size_t indent) {
  if (v.is_null()) return "null";
  switch (v.type().kind()) {
    case Type::Kind::String:
      return literal_block(v.as_string()) ? literal(v.as_string(), indent) : double_quoted(v.as_string());
    case Type::Kind::Number:
      return v.as_number().str();
    case Type::Kind::Bool:
      return v.as_bool() ? "true" : "false";
    case Type::Kind::Map:
    case Type::Kind::Object:
      return "{}";
    default:
      return "[]";
  }
}

// A collection's lines; the first is written where the caller stands, the rest at `indent`.
void block(std::string& out, const Value& v, size_t indent) {
  std::string pad(indent, ' ');
  bool first = true;
  if (v.type().is_list_like()) {
    for (const Value& e : v.elements()) {
      out += (first ? "" : pad) + "- ";
      first = false;
      if (is_nonempty_sequence(e) || is_nonempty_mapping(e)) block(out, e, indent + 2);
      else out += inline_value(e, indent + 2) + "\n";
    }
    return;
  }
  for (const auto& [key, e] : v.attributes()) {
    out += (first ? "" : pad) + double_quoted(key) + ":";
    first = false;
    if (is_nonempty_mapping(e)) {
      out += "\n" + std::string(indent + 2, ' ');
      block(out, e, indent + 2);
    } else if (is_nonempty_sequence(e)) {
      out += "\n" + pad;
      block(out, e, indent);
    } else {
      out += " " + inline_value(e, indent + 2) + "\n";
    }
  }
}

Value yamlencode(const Args& a) {
  const Value& v = a[0];
  if (!v.is_wholly_known()) return Value::unknown(Type::string());
  std::string out;
  if (is_nonempty_sequence(v) || is_nonempty_mapping(v)) {
    block(out, v, 0);
  } else {
    out = inline_value(v, 2) + "\n";
    // A plain scalar alone in a document is followed by an explicit document end.
    bool quoted = !v.is_null() && v.type() == Type::string();
    bool collection = !v.is_null() && !v.type().is_primitive();
    if (!quoted && !collection) out += "...\n";
  }
  return text(out);
}

}  // namespace

void add_yaml_encode_function(FunctionTable& table) {
  table["yamlencode"] = fixed({nullable("value", Type::dynamic())}, Type::string(), yamlencode);
}

}  // namespace kiln::hcl::functions
