#include "hcl/config_value.hpp"

#include <charconv>

#include <string>

namespace kiln::hcl {

kiln::Value to_config(const Value& value) {
  if (value.is_null() || !value.is_known()) return kiln::Value::null();
  switch (value.type().kind()) {
    case Type::Kind::String: return kiln::Value::string(value.as_string());
    case Type::Kind::Bool: return kiln::Value::boolean(value.as_bool());
    case Type::Kind::Number: {
      const Number& n = value.as_number();
      if (std::optional<int64_t> i = n.to_int64()) return kiln::Value::integer(*i);
      return kiln::Value::number(n.to_double());
    }
    case Type::Kind::List:
    case Type::Kind::Set:
    case Type::Kind::Tuple: {
      kiln::Value array = kiln::Value::array();
      for (const Value& e : value.elements()) array.push(to_config(e));
      return array;
    }
    case Type::Kind::Map:
    case Type::Kind::Object: {
      kiln::Value object = kiln::Value::object();
      for (const auto& [key, e] : value.attributes()) object.set(key, to_config(e));
      return object;
    }
    case Type::Kind::Dynamic: break;
  }
  return kiln::Value::null();
}

namespace {

// A double's shortest round-trip text, read back at 512 bits as cty reads JSON numbers.
Number number_from_double(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  if (ec != std::errc()) return Number::from_double(d);
  return Number::parse(std::string_view(buf, static_cast<size_t>(end - buf))).value_or(Number::from_double(d));
}

}  // namespace

Value from_config(const kiln::Value& value) {
  switch (value.type()) {
    case kiln::Value::Type::Null: return Value::null(Type::dynamic());
    case kiln::Value::Type::Bool: return Value::boolean(value.as_bool());
    case kiln::Value::Type::String: return Value::string(value.as_string());
    case kiln::Value::Type::Number:
      if (value.is_integer()) return Value::number(*Number::parse(std::to_string(value.as_int())));
      return Value::number(number_from_double(value.as_number()));
    case kiln::Value::Type::Array: {
      std::vector<Value> items;
      for (const kiln::Value& item : value.items()) items.push_back(from_config(item));
      return Value::tuple(std::move(items));
    }
    case kiln::Value::Type::Object: {
      std::map<std::string, Value> attributes;
      for (size_t i = 0; i < value.keys().size(); ++i)
        attributes.insert_or_assign(value.keys()[i], from_config(value.member(i)));
      return Value::object(std::move(attributes));
    }
  }
  return Value::null(Type::dynamic());
}

}  // namespace kiln::hcl
