// cty's convert package: whether a type converts to another (decided on types alone, as cty decides
// before looking at a value), the conversion of a value, and the messages for both kinds of failure.
#include "hcl/convert.hpp"

#include <fmt/format.h>

namespace kiln::hcl {
namespace {

using Kind = Type::Kind;

bool convertible(const Type& in, const Type& out);

bool all_convert(const std::vector<Type>& ins, const Type& out) {
  for (const Type& t : ins)
    if (!convertible(t, out)) return false;
  return true;
}

std::vector<Type> attribute_types(const Type& object) {
  std::vector<Type> types;
  for (const auto& [name, t] : object.attributes()) types.push_back(t);
  return types;
}

bool convertible(const Type& in, const Type& out) {
  if (in == out || out.is_dynamic() || in.is_dynamic()) return true;
  switch (out.kind()) {
    case Kind::String: return in.is_primitive();
    case Kind::Number:
    case Kind::Bool: return in.kind() == Kind::String;
    case Kind::List:
    case Kind::Set:
      if (in.kind() == Kind::List || in.kind() == Kind::Set) return convertible(in.element(), out.element());
      if (in.kind() != Kind::Tuple) return false;
      if (out.element().is_dynamic()) return in.elements().empty() || unify(in.elements()).has_value();
      return all_convert(in.elements(), out.element());
    case Kind::Map:
      if (in.kind() == Kind::Map) return convertible(in.element(), out.element());
      if (in.kind() != Kind::Object) return false;
      if (out.element().is_dynamic()) return in.attributes().empty() || unify(attribute_types(in)).has_value();
      return all_convert(attribute_types(in), out.element());
    case Kind::Tuple:
      if (in.kind() != Kind::Tuple || in.elements().size() != out.elements().size()) return false;
      for (size_t i = 0; i < in.elements().size(); ++i)
        if (!convertible(in.elements()[i], out.elements()[i])) return false;
      return true;
    case Kind::Object:
      if (in.kind() == Kind::Map) {
        for (const auto& [name, t] : out.attributes())
          if (!convertible(in.element(), t)) return false;
        return true;
      }
      if (in.kind() != Kind::Object) return false;
      for (const auto& [name, t] : out.attributes()) {
        auto it = in.attributes().find(name);
        if (it == in.attributes().end()) {
          if (!out.optional_attributes().count(name)) return false;
        } else if (!convertible(it->second, t)) {
          return false;
        }
      }
      return true;
    default: return false;
  }
}

std::string required(const Type& want) { return want.friendly_name_for_constraint() + " required"; }

// cty's MismatchMessage: why a value of type got cannot become want.
std::string mismatch(const Type& got, const Type& want) {
  Kind g = got.kind(), w = want.kind();
  if (g == Kind::Object && w == Kind::Object) {
    std::vector<std::string> missing;
    std::string wrong;
    for (const auto& [name, t] : want.attributes()) {
      auto it = got.attributes().find(name);
      if (it == got.attributes().end()) {
        if (!want.optional_attributes().count(name)) missing.push_back(name);
      } else if (wrong.empty() && !convertible(it->second, t)) {
        wrong = fmt::format("attribute \"{}\": {}", name, mismatch(it->second, t));
      }
    }
    if (missing.size() == 1) return fmt::format("attribute \"{}\" is required", missing[0]);
    if (missing.size() == 2) return fmt::format("attributes \"{}\" and \"{}\" are required", missing[0], missing[1]);
    if (!missing.empty()) {
      std::string names;
      for (size_t i = 0; i + 1 < missing.size(); ++i) names += fmt::format("\"{}\", ", missing[i]);
      return fmt::format("attributes {}and \"{}\" are required", names, missing.back());
    }
    return wrong.empty() ? "incorrect object attributes" : wrong;
  }
  bool any_element = want.is_collection() && want.element().is_dynamic();
  if (g == Kind::Tuple && w == Kind::List && any_element) return "all list elements must have the same type";
  if (g == Kind::Tuple && w == Kind::Set && any_element) return "all set elements must have the same type";
  if (g == Kind::Object && w == Kind::Map && any_element) return "all map elements must have the same type";
  if (got.is_structural() && want.is_collection()) {
    if ((w == Kind::Map) != (g == Kind::Object)) return required(want);
    const Type& ety = want.element();
    if (g == Kind::Tuple) {
      for (size_t i = 0; i < got.elements().size(); ++i)
        if (!convertible(got.elements()[i], ety))
          return fmt::format("element {}: {}", i, mismatch(got.elements()[i], ety));
    } else {
      for (const auto& [name, t] : got.attributes())
        if (!convertible(t, ety)) return fmt::format("element \"{}\": {}", name, mismatch(t, ety));
    }
    return "all elements must be " + ety.friendly_name_for_constraint();
  }
  if (got.is_collection() && want.is_collection()) {
    bool list_like = g == Kind::List || g == Kind::Set;
    if ((w == Kind::Map && g != Kind::Map) || (w != Kind::Map && !list_like)) return required(want);
    const char* noun = w == Kind::List ? "list element type" : w == Kind::Set ? "set element type" : "map element type";
    return fmt::format("incorrect {}: {}", noun, mismatch(got.element(), want.element()));
  }
  return required(want);
}

std::optional<Value> convert_value(const Value& v, const Type& want, std::string& why);

std::optional<Value> convert_primitive(const Value& v, const Type& want, std::string& why) {
  Kind from = v.type().kind();
  if (want.kind() == Kind::String) {
    if (from == Kind::Number) return Value::string(v.as_number().str());
    return Value::string(v.as_bool() ? "true" : "false");
  }
  const std::string& s = v.as_string();
  if (want.kind() == Kind::Number) {
    if (std::optional<Number> n = Number::parse(s)) return Value::number(*n);
    why = "a number is required";
    return std::nullopt;
  }
  // Packer 1.6.6's cty also takes "1" and "0" as bools.
  if (s == "true" || s == "1") return Value::boolean(true);
  if (s == "false" || s == "0") return Value::boolean(false);
  why = "a bool is required";
  return std::nullopt;
}

// Converts each of `in` to `ety`, or when ety is Dynamic to the type they unify to.
std::optional<std::vector<Value>> convert_all(const std::vector<Value>& in, Type& ety, std::string& why) {
  if (ety.is_dynamic()) {
    std::vector<Type> types;
    for (const Value& v : in) types.push_back(v.type());
    if (!types.empty()) ety = unify(types).value_or(Type::dynamic());
  }
  std::vector<Value> out;
  for (const Value& v : in) {
    std::optional<Value> c = convert_value(v, ety, why);
    if (!c) return std::nullopt;
    out.push_back(*c);
  }
  return out;
}

std::optional<Value> convert_collection(const Value& v, const Type& want, std::string& why) {
  Type ety = want.element();
  if (want.kind() == Kind::Map) {
    std::vector<Value> in;
    for (const auto& [key, e] : v.attributes()) in.push_back(e);
    if (ety.is_dynamic() && v.type().kind() == Kind::Map) ety = v.type().element();
    std::optional<std::vector<Value>> out = convert_all(in, ety, why);
    if (!out) return std::nullopt;
    std::map<std::string, Value> entries;
    size_t i = 0;
    for (const auto& [key, e] : v.attributes()) entries.emplace(key, (*out)[i++]);
    return Value::map(std::move(entries), ety);
  }
  if (ety.is_dynamic() && v.type().is_collection()) ety = v.type().element();
  std::optional<std::vector<Value>> out = convert_all(v.elements(), ety, why);
  if (!out) return std::nullopt;
  return want.kind() == Kind::List ? Value::list(std::move(*out), ety) : Value::set(std::move(*out), ety);
}

std::optional<Value> convert_object(const Value& v, const Type& want, std::string& why) {
  std::map<std::string, Value> out;
  if (v.type().kind() == Kind::Map) {
    for (const auto& [key, e] : v.attributes())
      if (!want.attributes().count(key)) {
        why = fmt::format("unsupported attribute \"{}\"", key);
        return std::nullopt;
      }
  }
  for (const auto& [name, t] : want.attributes()) {
    auto it = v.attributes().find(name);
    if (it == v.attributes().end()) {
      if (!want.optional_attributes().count(name)) {
        why = fmt::format("attribute \"{}\" is required", name);
        return std::nullopt;
      }
      out.emplace(name, Value::null(t));
      continue;
    }
    std::optional<Value> c = convert_value(it->second, t, why);
    if (!c) return std::nullopt;
    out.emplace(name, *c);
  }
  return Value::object(std::move(out));
}

std::optional<Value> convert_value(const Value& v, const Type& want, std::string& why) {
  if (want.is_dynamic() || v.type() == want) return v;
  if (!v.is_known()) return Value::unknown(want);
  if (v.is_null()) return Value::null(want);
  if (want.is_primitive()) return convert_primitive(v, want, why);
  if (want.is_collection()) return convert_collection(v, want, why);
  if (want.kind() == Kind::Object) return convert_object(v, want, why);
  std::vector<Value> out;
  for (size_t i = 0; i < v.elements().size(); ++i) {
    std::optional<Value> c = convert_value(v.elements()[i], want.elements()[i], why);
    if (!c) return std::nullopt;
    out.push_back(*c);
  }
  return Value::tuple(std::move(out));
}

}  // namespace

bool can_convert(const Type& from, const Type& to) { return convertible(from, to); }

std::optional<Value> convert(const Value& value, const Type& want, std::string& why) {
  if (value.type() == want) return value;
  if (!convertible(value.type(), want)) {
    why = mismatch(value.type(), want);
    return std::nullopt;
  }
  return convert_value(value, want, why);
}

}  // namespace kiln::hcl
