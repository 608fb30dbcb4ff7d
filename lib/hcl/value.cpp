#include "hcl/value.hpp"

#include <algorithm>
#include <numeric>

namespace kiln::hcl {

struct Value::Rep {
  enum class State { Known, Null, Unknown } state = State::Null;
  Type type;
  bool wholly_known = false;
  std::string string;
  Number number;
  bool boolean = false;
  std::vector<Value> elements;
  std::map<std::string, Value> attributes;
};

namespace {

using ValueRep = Value::Rep;
using State = ValueRep::State;

std::shared_ptr<ValueRep> known(Type type) {
  auto rep = std::make_shared<ValueRep>();
  rep->state = State::Known;
  rep->type = std::move(type);
  rep->wholly_known = true;
  return rep;
}

// The element type of a collection: as given, or when that is Dynamic the one type all the elements
// share.
Type collection_element_type(const Type& given, const std::vector<const Value*>& elements) {
  if (!given.is_dynamic() || elements.empty()) return given;
  const Type& first = elements.front()->type();
  for (const Value* v : elements)
    if (v->type() != first) return given;
  return first;
}

}  // namespace

bool set_less(const Value& a, const Value& b) {
  if (a.is_null() != b.is_null()) return b.is_null();
  if (a.is_known() != b.is_known()) return a.is_known();
  if (a.is_null() || !a.is_known()) return false;
  switch (a.type().kind()) {
    case Type::Kind::String: return a.as_string() < b.as_string();
    case Type::Kind::Number: return a.as_number() < b.as_number();
    case Type::Kind::Bool: return !a.as_bool() && b.as_bool();
    default: return debug_string(a) < debug_string(b);
  }
}

Value::Value() : Value(null(Type::dynamic())) {}

Value Value::string(std::string s) {
  auto rep = known(Type::string());
  rep->string = std::move(s);
  return Value(rep);
}

Value Value::number(Number n) {
  auto rep = known(Type::number());
  rep->number = std::move(n);
  return Value(rep);
}

Value Value::boolean(bool b) {
  auto rep = known(Type::boolean());
  rep->boolean = b;
  return Value(rep);
}

Value Value::list(std::vector<Value> elements, Type element_type) {
  std::vector<const Value*> all;
  for (const Value& v : elements) all.push_back(&v);
  auto rep = known(Type::list(collection_element_type(element_type, all)));
  for (const Value& v : elements) rep->wholly_known = rep->wholly_known && v.is_wholly_known();
  rep->elements = std::move(elements);
  return Value(rep);
}

std::vector<size_t> first_occurrences(const std::vector<Value>& values, bool unknowns_repeat) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return set_less(values[a], values[b]); });
  std::vector<bool> first(values.size(), false);
  std::vector<size_t> alike;  // the first occurrences among the values that sort alike so far
  for (size_t k = 0; k < order.size(); ++k) {
    const Value& v = values[order[k]];
    if (k > 0 && set_less(values[order[k - 1]], v)) alike.clear();
    bool repeat = !(unknowns_repeat && !v.is_known()) &&
                  std::any_of(alike.begin(), alike.end(), [&](size_t i) { return values[i].raw_equal(v); });
    if (repeat) continue;
    first[order[k]] = true;
    alike.push_back(order[k]);
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < values.size(); ++i)
    if (first[i]) out.push_back(i);
  return out;
}

Value Value::set(std::vector<Value> elements, Type element_type) {
  std::vector<Value> unique;
  for (size_t i : first_occurrences(elements, true)) unique.push_back(std::move(elements[i]));
  std::stable_sort(unique.begin(), unique.end(), set_less);
  Value list_form = list(std::move(unique), std::move(element_type));
  auto rep = std::make_shared<ValueRep>(*list_form.rep_);
  rep->type = Type::set(list_form.type().element());
  return Value(rep);
}

Value Value::map(std::map<std::string, Value> elements, Type element_type) {
  std::vector<const Value*> all;
  for (const auto& [key, v] : elements) all.push_back(&v);
  auto rep = known(Type::map(collection_element_type(element_type, all)));
  for (const auto& [key, v] : elements) rep->wholly_known = rep->wholly_known && v.is_wholly_known();
  rep->attributes = std::move(elements);
  return Value(rep);
}

Value Value::tuple(std::vector<Value> elements) {
  std::vector<Type> types;
  for (const Value& v : elements) types.push_back(v.type());
  auto rep = known(Type::tuple(std::move(types)));
  for (const Value& v : elements) rep->wholly_known = rep->wholly_known && v.is_wholly_known();
  rep->elements = std::move(elements);
  return Value(rep);
}

Value Value::object(std::map<std::string, Value> attributes) {
  std::map<std::string, Type> types;
  for (const auto& [name, v] : attributes) types.emplace(name, v.type());
  auto rep = known(Type::object(std::move(types)));
  for (const auto& [name, v] : attributes) rep->wholly_known = rep->wholly_known && v.is_wholly_known();
  rep->attributes = std::move(attributes);
  return Value(rep);
}

Value Value::null(Type type) {
  auto rep = std::make_shared<ValueRep>();
  rep->state = State::Null;
  rep->type = std::move(type);
  rep->wholly_known = true;
  return Value(rep);
}

Value Value::unknown(Type type) {
  auto rep = std::make_shared<ValueRep>();
  rep->state = State::Unknown;
  rep->type = std::move(type);
  return Value(rep);
}

const Type& Value::type() const { return rep_->type; }
bool Value::is_null() const { return rep_->state == State::Null; }
bool Value::is_known() const { return rep_->state != State::Unknown; }
bool Value::is_wholly_known() const { return rep_->wholly_known; }
const std::string& Value::as_string() const { return rep_->string; }
const Number& Value::as_number() const { return rep_->number; }
bool Value::as_bool() const { return rep_->boolean; }
const std::vector<Value>& Value::elements() const { return rep_->elements; }
const std::map<std::string, Value>& Value::attributes() const { return rep_->attributes; }

size_t Value::length() const {
  Type::Kind k = type().kind();
  return k == Type::Kind::Map || k == Type::Kind::Object ? rep_->attributes.size() : rep_->elements.size();
}

namespace {

// Folds element comparisons as cty does: unknown as soon as one is unknown, false at the first false.
struct EqualsFold {
  bool result = true;
  bool unknown = false;

  // Returns false when the fold is decided.
  bool add(const Value& eq) {
    if (!eq.is_known()) unknown = true;
    else if (!eq.as_bool()) result = false;
    return !unknown && result;
  }

  Value value() const { return unknown ? Value::unknown(Type::boolean()) : Value::boolean(result); }
};

}  // namespace

Value Value::equals(const Value& other) const {
  const Value& a = *this;
  const Value& b = other;
  if (!a.is_known() || !b.is_known()) {
    if (!a.is_known() && !b.is_known()) return unknown(Type::boolean());
    const Value& k = a.is_known() ? a : b;
    const Value& u = a.is_known() ? b : a;
    if (k.is_null() || u.type().has_dynamic() || k.type() == u.type()) return unknown(Type::boolean());
    return boolean(false);
  }
  if (a.is_null() || b.is_null()) return boolean(a.is_null() && b.is_null());
  if (a.type().has_dynamic() || b.type().has_dynamic()) return unknown(Type::boolean());
  if (a.type() != b.type()) return boolean(false);
  switch (a.type().kind()) {
    case Type::Kind::String: return boolean(a.as_string() == b.as_string());
    case Type::Kind::Number: return boolean(a.as_number() == b.as_number());
    case Type::Kind::Bool: return boolean(a.as_bool() == b.as_bool());
    case Type::Kind::List:
    case Type::Kind::Tuple: {
      if (a.length() != b.length()) return boolean(false);
      EqualsFold fold;
      for (size_t i = 0; i < a.length(); ++i)
        if (!fold.add(a.elements()[i].equals(b.elements()[i]))) break;
      return fold.value();
    }
    case Type::Kind::Set: {
      if (!a.is_wholly_known() || !b.is_wholly_known()) return unknown(Type::boolean());
      auto contains = [](const Value& set, const Value& v) {
        const std::vector<Value>& all = set.elements();
        return std::any_of(all.begin(), all.end(), [&](const Value& e) { return e.raw_equal(v); });
      };
      for (const Value& v : a.elements())
        if (!contains(b, v)) return boolean(false);
      for (const Value& v : b.elements())
        if (!contains(a, v)) return boolean(false);
      return boolean(true);
    }
    case Type::Kind::Map:
    case Type::Kind::Object: {
      if (a.length() != b.length()) return boolean(false);
      EqualsFold fold;
      for (const auto& [key, v] : a.attributes()) {
        auto it = b.attributes().find(key);
        if (it == b.attributes().end()) return boolean(false);
        if (!fold.add(v.equals(it->second))) break;
      }
      return fold.value();
    }
    case Type::Kind::Dynamic: break;
  }
  return unknown(Type::boolean());
}

bool Value::raw_equal(const Value& other) const {
  if (rep_ == other.rep_) return true;
  if (type() != other.type() || rep_->state != other.rep_->state) return false;
  if (rep_->state != State::Known) return true;
  switch (type().kind()) {
    case Type::Kind::String: return as_string() == other.as_string();
    case Type::Kind::Number: return as_number() == other.as_number();
    case Type::Kind::Bool: return as_bool() == other.as_bool();
    case Type::Kind::List:
    case Type::Kind::Set:
    case Type::Kind::Tuple:
      return std::equal(elements().begin(), elements().end(), other.elements().begin(), other.elements().end(),
                        [](const Value& x, const Value& y) { return x.raw_equal(y); });
    case Type::Kind::Map:
    case Type::Kind::Object:
      return std::equal(attributes().begin(), attributes().end(), other.attributes().begin(),
                        other.attributes().end(),
                        [](const auto& x, const auto& y) {
                          return x.first == y.first && x.second.raw_equal(y.second);
                        });
    case Type::Kind::Dynamic: break;
  }
  return false;
}

}  // namespace kiln::hcl
