#include <fmt/format.h>

#include "hcl/quote.hpp"
#include "hcl/value.hpp"

namespace kiln::hcl {
namespace {

std::string elements(const Value& v, const char* open, const char* close) {
  std::string out = open;
  for (size_t i = 0; i < v.elements().size(); ++i) out += (i ? ", " : "") + debug_string(v.elements()[i]);
  return out + close;
}

std::string attributes(const Value& v, const char* open) {
  std::string out = open;
  bool first = true;
  for (const auto& [key, e] : v.attributes()) {
    out += (first ? "" : ", ") + key + " = " + debug_string(e);
    first = false;
  }
  return out + "}";
}

}  // namespace

std::string debug_string(const Value& v) {
  if (!v.is_known()) return "unknown(" + v.type().str() + ")";
  if (v.is_null()) return "null(" + v.type().str() + ")";
  switch (v.type().kind()) {
    case Type::Kind::String: return quote(v.as_string());
    case Type::Kind::Number: return v.as_number().str();
    case Type::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Type::Kind::List: return elements(v, "list[", "]");
    case Type::Kind::Set: return elements(v, "set[", "]");
    case Type::Kind::Tuple: return elements(v, "[", "]");
    case Type::Kind::Map: return attributes(v, "map{");
    case Type::Kind::Object: return attributes(v, "{");
    case Type::Kind::Dynamic: break;
  }
  return "?";
}

}  // namespace kiln::hcl
