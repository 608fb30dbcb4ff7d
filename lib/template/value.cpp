#include <algorithm>
#include <cmath>
#include <limits>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "kiln/value.hpp"

namespace kiln {
namespace {

// The integer part of `d`, saturated: converting an out-of-range double (1e300) is undefined.
int64_t saturated(double d) {
  constexpr double limit = 9223372036854775808.0;  // 2^63
  if (std::isnan(d)) return 0;
  if (d >= limit) return std::numeric_limits<int64_t>::max();
  if (d < -limit) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

}  // namespace

Value Value::null(Position pos) {
  Value v;
  v.pos_ = std::move(pos);
  return v;
}

Value Value::boolean(bool b, Position pos) {
  Value v = null(std::move(pos));
  v.type_ = Type::Bool;
  v.bool_ = b;
  return v;
}

Value Value::number(double d, Position pos) {
  Value v = null(std::move(pos));
  v.type_ = Type::Number;
  v.number_ = d;
  v.integer_ = saturated(d);
  v.integral_ = false;
  return v;
}

Value Value::integer(int64_t i, Position pos) {
  Value v = null(std::move(pos));
  v.type_ = Type::Number;
  v.number_ = static_cast<double>(i);
  v.integer_ = i;
  v.integral_ = true;
  return v;
}

Value Value::string(std::string s, Position pos) {
  Value v = null(std::move(pos));
  v.type_ = Type::String;
  v.string_ = std::move(s);
  return v;
}

Value Value::array(Position pos) {
  Value v = null(std::move(pos));
  v.type_ = Type::Array;
  return v;
}

Value Value::object(Position pos) {
  Value v = null(std::move(pos));
  v.type_ = Type::Object;
  return v;
}

const Value* Value::find(std::string_view key) const {
  auto it = std::find(keys_.begin(), keys_.end(), key);
  return it == keys_.end() ? nullptr : &items_[it - keys_.begin()];
}

Value* Value::find(std::string_view key) {
  auto it = std::find(keys_.begin(), keys_.end(), key);
  return it == keys_.end() ? nullptr : &items_[it - keys_.begin()];
}

void Value::set(std::string key, Value v, Position key_pos) {
  if (Value* existing = find(key)) {
    *existing = std::move(v);
    return;
  }
  append(std::move(key), std::move(v), std::move(key_pos));
}

void Value::append(std::string key, Value v, Position key_pos) {
  keys_.push_back(std::move(key));
  key_pos_.push_back(std::move(key_pos));
  items_.push_back(std::move(v));
}

void Value::erase(std::string_view key) {
  auto it = std::find(keys_.begin(), keys_.end(), key);
  if (it == keys_.end()) return;
  auto i = it - keys_.begin();
  keys_.erase(it);
  key_pos_.erase(key_pos_.begin() + i);
  items_.erase(items_.begin() + i);
}

const char* Value::type_name(Type t) {
  switch (t) {
    case Type::Null: return "null";
    case Type::Bool: return "boolean";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Array: return "array";
    case Type::Object: return "object";
  }
  return "?";
}

namespace {

void write(const Value& v, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  switch (v.type()) {
    case Value::Type::Null: w.Null(); break;
    case Value::Type::Bool: w.Bool(v.as_bool()); break;
    case Value::Type::Number:
      if (v.is_integer()) w.Int64(v.as_int());
      else w.Double(v.as_number());
      break;
    case Value::Type::String: w.String(v.as_string().data(), static_cast<rapidjson::SizeType>(v.as_string().size())); break;
    case Value::Type::Array:
      w.StartArray();
      for (const auto& item : v.items()) write(item, w);
      w.EndArray();
      break;
    case Value::Type::Object:
      w.StartObject();
      for (size_t i = 0; i < v.size(); ++i) {
        w.Key(v.keys()[i].data(), static_cast<rapidjson::SizeType>(v.keys()[i].size()));
        write(v.member(i), w);
      }
      w.EndObject();
      break;
  }
}

}  // namespace

std::string Value::to_json() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write(*this, w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace kiln
