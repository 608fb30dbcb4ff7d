// cty's unify: the one type a set of types all convert to, preferring a type built from the
// structural kind they share.
#include <algorithm>

#include "hcl/convert.hpp"

namespace kiln::hcl {
namespace {

using Kind = Type::Kind;

std::optional<Type> unify_as_map(const std::vector<Type>& types) {
  std::vector<Type> elements;
  for (const Type& t : types) {
    if (t.kind() == Kind::Map) elements.push_back(t.element());
    for (const auto& [name, a] : t.attributes()) elements.push_back(a);
  }
  if (elements.empty()) return Type::map(Type::dynamic());
  std::optional<Type> e = unify(elements);
  if (!e) return std::nullopt;
  return Type::map(*e);
}

// Tuples of differing lengths: a list of the type all their elements unify to.
std::optional<Type> unify_as_list(const std::vector<Type>& types) {
  std::vector<Type> elements;
  for (const Type& t : types) elements.insert(elements.end(), t.elements().begin(), t.elements().end());
  if (elements.empty()) return Type::list(Type::dynamic());
  std::optional<Type> e = unify(elements);
  if (!e) return std::nullopt;
  return Type::list(*e);
}

std::optional<Type> unify_as_object(const std::vector<Type>& types) {
  const std::map<std::string, Type>* names = nullptr;
  for (const Type& t : types) {
    if (t.is_dynamic()) continue;
    if (!names) names = &t.attributes();
    if (t.attributes().size() != names->size() ||
        !std::equal(names->begin(), names->end(), t.attributes().begin(),
                    [](const auto& a, const auto& b) { return a.first == b.first; }))
      return unify_as_map(types);
  }
  std::map<std::string, Type> attributes;
  for (const auto& [name, ignored] : *names) {
    std::vector<Type> each;
    for (const Type& t : types)
      if (!t.is_dynamic()) each.push_back(t.attributes().at(name));
    std::optional<Type> u = unify(each);
    if (!u) return std::nullopt;
    attributes.emplace(name, *u);
  }
  return Type::object(std::move(attributes));
}

std::optional<Type> unify_as_tuple(const std::vector<Type>& types) {
  const std::vector<Type>* first = nullptr;
  for (const Type& t : types) {
    if (t.is_dynamic()) continue;
    if (!first) first = &t.elements();
    if (t.elements().size() != first->size()) return unify_as_list(types);
  }
  std::vector<Type> elements;
  for (size_t i = 0; i < first->size(); ++i) {
    std::vector<Type> each;
    for (const Type& t : types)
      if (!t.is_dynamic()) each.push_back(t.elements()[i]);
    std::optional<Type> u = unify(each);
    if (!u) return std::nullopt;
    elements.push_back(*u);
  }
  return Type::tuple(std::move(elements));
}

// Candidates in order of preference: the most general primitive first (collections by their element
// type), Dynamic last.
int preference(const Type& t) {
  switch (t.kind()) {
    case Kind::String: return 0;
    case Kind::Number: return 1;
    case Kind::Bool: return 2;
    case Kind::Dynamic: return 9;
    case Kind::List:
    case Kind::Set:
    case Kind::Map: return 10 + preference(t.element());
    default: return 5;
  }
}

}  // namespace

std::optional<Type> unify(const std::vector<Type>& types) {
  if (types.empty()) return std::nullopt;
  size_t maps = 0, objects = 0, tuples = 0, dynamics = 0;
  for (const Type& t : types) {
    maps += t.kind() == Kind::Map;
    objects += t.kind() == Kind::Object;
    tuples += t.kind() == Kind::Tuple;
    dynamics += t.is_dynamic();
  }
  size_t n = types.size();
  if (maps > 0 && maps + objects + dynamics == n) return unify_as_map(types);
  if (objects > 0 && objects + dynamics == n) return unify_as_object(types);
  if (tuples > 0 && tuples + dynamics == n) return unify_as_tuple(types);
  if (objects > 0 && tuples > 0) return std::nullopt;

  std::vector<Type> candidates = types;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Type& a, const Type& b) { return preference(a) < preference(b); });
  for (const Type& want : candidates) {
    bool all = std::all_of(types.begin(), types.end(), [&](const Type& t) { return can_convert(t, want); });
    if (all) return want;
  }
  return std::nullopt;
}

}  // namespace kiln::hcl
