#include "hcl/type.hpp"

namespace kiln::hcl {

struct Type::Rep {
  Kind kind;
  std::vector<Type> elements;  // one for list/set/map, the tuple's otherwise
  std::map<std::string, Type> attributes;
  std::set<std::string> optional;
};

namespace {

const std::vector<Type> no_types;

}  // namespace

Type::Type() : Type(dynamic()) {}

Type Type::dynamic() {
  static const Type t(std::make_shared<const Rep>(Rep{Kind::Dynamic, {}, {}, {}}));
  return t;
}

Type Type::string() {
  static const Type t(std::make_shared<const Rep>(Rep{Kind::String, {}, {}, {}}));
  return t;
}

Type Type::number() {
  static const Type t(std::make_shared<const Rep>(Rep{Kind::Number, {}, {}, {}}));
  return t;
}

Type Type::boolean() {
  static const Type t(std::make_shared<const Rep>(Rep{Kind::Bool, {}, {}, {}}));
  return t;
}

Type Type::list(Type element) { return Type(std::make_shared<const Rep>(Rep{Kind::List, {std::move(element)}})); }
Type Type::set(Type element) { return Type(std::make_shared<const Rep>(Rep{Kind::Set, {std::move(element)}})); }
Type Type::map(Type element) { return Type(std::make_shared<const Rep>(Rep{Kind::Map, {std::move(element)}})); }

Type Type::tuple(std::vector<Type> elements) {
  return Type(std::make_shared<const Rep>(Rep{Kind::Tuple, std::move(elements), {}, {}}));
}

Type Type::object(std::map<std::string, Type> attributes, std::set<std::string> optional) {
  return Type(std::make_shared<const Rep>(Rep{Kind::Object, {}, std::move(attributes), std::move(optional)}));
}

Type::Kind Type::kind() const { return rep_->kind; }

bool Type::is_primitive() const {
  Kind k = kind();
  return k == Kind::String || k == Kind::Number || k == Kind::Bool;
}

bool Type::is_collection() const {
  Kind k = kind();
  return k == Kind::List || k == Kind::Set || k == Kind::Map;
}

bool Type::is_structural() const { return kind() == Kind::Tuple || kind() == Kind::Object; }

bool Type::is_list_like() const {
  Kind k = kind();
  return k == Kind::List || k == Kind::Set || k == Kind::Tuple;
}

const Type& Type::element() const { return is_collection() ? rep_->elements.front() : *this; }
const std::vector<Type>& Type::elements() const { return kind() == Kind::Tuple ? rep_->elements : no_types; }
const std::map<std::string, Type>& Type::attributes() const { return rep_->attributes; }
const std::set<std::string>& Type::optional_attributes() const { return rep_->optional; }

bool Type::has_dynamic() const {
  if (is_dynamic()) return true;
  for (const Type& t : rep_->elements)
    if (t.has_dynamic()) return true;
  for (const auto& [name, t] : rep_->attributes)
    if (t.has_dynamic()) return true;
  return false;
}

namespace {

std::string friendly(const Type& t, bool constraint) {
  switch (t.kind()) {
    case Type::Kind::Dynamic: return constraint ? "any type" : "dynamic";
    case Type::Kind::String: return "string";
    case Type::Kind::Number: return "number";
    case Type::Kind::Bool: return "bool";
    case Type::Kind::Tuple: return "tuple";
    case Type::Kind::Object: return "object";
    default: break;
  }
  const char* prefix = t.kind() == Type::Kind::List ? "list of " : t.kind() == Type::Kind::Set ? "set of " : "map of ";
  if (constraint && t.element().is_dynamic()) return std::string(prefix) + "any single type";
  return prefix + friendly(t.element(), constraint);
}

}  // namespace

std::string Type::friendly_name() const { return friendly(*this, false); }
std::string Type::friendly_name_for_constraint() const { return friendly(*this, true); }

std::string Type::str() const {
  switch (kind()) {
    case Kind::Dynamic: return "any";
    case Kind::String: return "string";
    case Kind::Number: return "number";
    case Kind::Bool: return "bool";
    case Kind::List: return "list(" + element().str() + ")";
    case Kind::Set: return "set(" + element().str() + ")";
    case Kind::Map: return "map(" + element().str() + ")";
    case Kind::Tuple: {
      std::string out = "tuple([";
      for (size_t i = 0; i < elements().size(); ++i) out += (i ? ", " : "") + elements()[i].str();
      return out + "])";
    }
    case Kind::Object: {
      std::string out = "object({";
      bool first = true;
      for (const auto& [name, t] : attributes()) {
        out += (first ? "" : ", ") + name + "=";
        out += optional_attributes().count(name) ? "optional(" + t.str() + ")" : t.str();
        first = false;
      }
      return out + "})";
    }
  }
  return {};
}

bool Type::operator==(const Type& other) const {
  if (rep_ == other.rep_) return true;
  return kind() == other.kind() && rep_->elements == other.rep_->elements &&
         rep_->attributes == other.rep_->attributes && rep_->optional == other.rep_->optional;
}

}  // namespace kiln::hcl
