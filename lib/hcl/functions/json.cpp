// jsonencode and jsondecode.
#include "hcl/functions/json.hpp"

#include <rapidjson/reader.h>
#include <rapidjson/error/en.h>

#include <cstdio>
#include <stdexcept>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl::functions {

namespace {

void append_escaped(std::string& out, const std::string& s) {
  out += '"';
  std::string_view rest = s;
  while (!rest.empty()) {
    CodePoint cp = decode_utf8(rest);
    if (cp.length == 0) {
      out += "\\ufffd";
      rest.remove_prefix(1);
      continue;
    }
    char32_t c = cp.value;
    char buf[8];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
      std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
      out += buf;
    } else {
      out.append(rest.substr(0, cp.length));
    }
    rest.remove_prefix(cp.length);
  }
  out += '"';
}

void encode(std::string& out, const Value& v) {
  if (!v.is_known()) throw std::invalid_argument("value is not known");
  if (v.is_null()) {
    out += "null";
    return;
  }
  switch (v.type().kind()) {
    case Type::Kind::String:
      append_escaped(out, v.as_string());
      return;
    case Type::Kind::Number:
      if (v.as_number().is_infinite()) throw std::invalid_argument("cannot serialize infinity as JSON");
      out += v.as_number().str();
      return;
    case Type::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Type::Kind::List:
    case Type::Kind::Set:
    case Type::Kind::Tuple: {
      out += '[';
      bool first = true;
      for (const Value& e : v.elements()) {
        if (!first) out += ',';
        encode(out, e);
        first = false;
      }
      out += ']';
      return;
    }
    case Type::Kind::Map:
    case Type::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, e] : v.attributes()) {
        if (!first) out += ',';
        append_escaped(out, key);
        out += ':';
        encode(out, e);
        first = false;
      }
      out += '}';
      return;
    }
    case Type::Kind::Dynamic:
      break;
  }
  throw std::invalid_argument("value of dynamic type cannot be serialized");
}

// Builds values from RapidJSON's SAX events; numbers arrive as their text so that they keep full
// precision (cty reads them as big floats).
class Builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Builder> {
 public:
  Value result;
  bool too_deep = false;

  bool Null() { return add(Value::null(Type::dynamic())); }
  bool Bool(bool b) { return add(Value::boolean(b)); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    std::optional<Number> number = Number::parse(std::string_view(s, n));
    return number && add(Value::number(*number));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) { return add(Value::string(std::string(s, n))); }
  bool StartObject() { return open(true); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    frames_.back().key.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return add(close()); }
  bool StartArray() { return open(false); }
  bool EndArray(rapidjson::SizeType) { return add(close()); }

 private:
  struct Frame {
    bool object;
    std::string key;
    std::vector<Value> elements;
    std::map<std::string, Value> attributes;
  };
  std::vector<Frame> frames_;

  bool open(bool object) {
    // As Go's encoding/json, which refuses deeper nesting (and keeps the values' depth bounded).
    if (frames_.size() >= 10000) {
      too_deep = true;
      return false;
    }
    frames_.push_back(Frame{object, {}, {}, {}});
    return true;
  }
  Value close() {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    return frame.object ? Value::object(std::move(frame.attributes)) : Value::tuple(std::move(frame.elements));
  }
  bool add(Value v) {
    if (frames_.empty()) result = std::move(v);
    else if (frames_.back().object) frames_.back().attributes.insert_or_assign(frames_.back().key, std::move(v));
    else frames_.back().elements.push_back(std::move(v));
    return true;
  }
};

// Go's encoding/json words for what RapidJSON found wrong.
std::string go_json_error(const rapidjson::ParseResult& error, const std::string& json) {
  if (error.Offset() >= json.size())
    return error.Code() == rapidjson::kParseErrorValueInvalid || error.Code() == rapidjson::kParseErrorStringMissQuotationMark
               ? "unexpected EOF"
               : "EOF";
  std::string c = "'" + std::string(1, json[error.Offset()]) + "'";
  switch (error.Code()) {
    case rapidjson::kParseErrorObjectMissColon:
      return "invalid character " + c + " after object key";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "invalid character " + c + " after object key:value pair";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "invalid character " + c + " after array element";
    case rapidjson::kParseErrorObjectMissName:
      return "invalid character " + c + " looking for beginning of object key string";
    case rapidjson::kParseErrorValueInvalid:
      return "invalid character " + c + " looking for beginning of value";
    default:
      return std::string(rapidjson::GetParseError_En(error.Code())) + " (at offset " + std::to_string(error.Offset()) + ")";
  }
}

}  // namespace

std::string json_encode(const Value& value) {
  std::string out;
  encode(out, value);
  return out;
}

std::string json_quote(const std::string& s) {
  std::string out;
  append_escaped(out, s);
  return out;
}

Value json_decode(const std::string& json) {
  Builder builder;
  rapidjson::Reader reader;
  rapidjson::StringStream stream(json.c_str());
  // Nesting is bounded by the input's size; the iterative parser keeps hostile depth off the stack.
  rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag |
                                           rapidjson::kParseIterativeFlag>(stream, builder);
  if (builder.too_deep) throw std::invalid_argument("exceeded max depth");
  if (!ok) throw std::invalid_argument(go_json_error(ok, json));
  for (size_t i = stream.Tell(); i < json.size(); ++i) {
    char c = json[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') throw std::invalid_argument("extraneous data after JSON object");
  }
  return builder.result;
}

void add_json_functions(FunctionTable& table) {
  Function encode_fn;
  encode_fn.params = {nullable("val", Type::dynamic())};
  encode_fn.return_type = [](const Args&) { return Type::string(); };
  encode_fn.impl = [](const Args& a) {
    try {
      return text(json_encode(a[0]));
    } catch (const std::invalid_argument& e) {
      fail_arg(0, e.what());
    }
  };
  table["jsonencode"] = encode_fn;
  Function decode_fn;
  decode_fn.params = {param("str", Type::string())};
  decode_fn.impl = [](const Args& a) {
    try {
      return json_decode(a[0].as_string());
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
  };
  table["jsondecode"] = decode_fn;
}

}  // namespace kiln::hcl::functions
