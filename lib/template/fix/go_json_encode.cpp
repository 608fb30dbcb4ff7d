// json.Encoder.Encode of map[string]interface{} followed by json.Indent(dst, src, "", "  ").
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "hcl/utf8.hpp"
#include "template/fix/go_json.hpp"

namespace kiln::fix {
namespace {

void put_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          // Control characters and the HTML-sensitive <, > and & as \u00XX.
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    size_t n = hcl::decode_utf8(s.substr(i)).length;
    if (n == 0) {
      out += "\\ufffd";
      ++i;
    } else if (n == 3 && c == 0xE2 && s[i + 1] == '\x80' && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
      out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";  // line and paragraph separators
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  out += '"';
}

// encoding/json's float64: go_format_fixed, but exponent form below 1e-6 and from 1e21 with
// "e-07" shortened to "e-7".
void put_number(std::string& out, double d) {
  double magnitude = std::fabs(d);
  if (magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21)) {
    out += go_format_fixed(d);
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string text(buf, end);
  size_t n = text.size();
  if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') text.erase(n - 2, 1);
  out += text;
}

void newline(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

void put(std::string& out, const Value& v, int depth) {
  switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Bool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Type::Number: put_number(out, v.as_number()); break;
    case Value::Type::String: put_string(out, v.as_string()); break;
    case Value::Type::Array: {
      if (v.items().empty()) {
        out += "[]";
        break;
      }
      out += '[';
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out += ',';
        newline(out, depth + 1);
        put(out, v.items()[i], depth + 1);
      }
      newline(out, depth);
      out += ']';
      break;
    }
    case Value::Type::Object: {
      if (v.size() == 0) {
        out += "{}";
        break;
      }
      // Go writes a map's keys in byte order.
      std::vector<size_t> order(v.size());
      std::iota(order.begin(), order.end(), size_t{0});
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v.keys()[a] < v.keys()[b]; });
      out += '{';
      for (size_t k = 0; k < order.size(); ++k) {
        if (k) out += ',';
        newline(out, depth + 1);
        put_string(out, v.keys()[order[k]]);
        out += ": ";
        put(out, v.member(order[k]), depth + 1);
      }
      newline(out, depth);
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string encode_go_json(const Value& value) {
  std::string out;
  put(out, value, 0);
  return out + '\n';
}

}  // namespace kiln::fix
