// Set functions: setintersection, setproduct, setsubtract, setunion.
#include <algorithm>

#include "hcl/convert.hpp"
#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {

const Type kAnySet = Type::set(Type::dynamic());

// A set's elements in the set order, to look values up in without comparing each with all of them.
class Members {
 public:
  explicit Members(std::vector<Value> all) : sorted_(std::move(all)) {
    std::stable_sort(sorted_.begin(), sorted_.end(), set_less);
  }
  bool contains(const Value& v) const {
    auto [first, last] = std::equal_range(sorted_.begin(), sorted_.end(), v, set_less);
    return std::any_of(first, last, [&](const Value& e) { return e.raw_equal(v); });
  }

 private:
  std::vector<Value> sorted_;
};

// The sets' elements converted to the one element type they all unify to.
std::vector<std::vector<Value>> common_elements(const Args& sets, Type& element) {
  std::vector<Type> types;
  for (const Value& s : sets)
    if (s.type().element() != Type::dynamic() || s.length() > 0) types.push_back(s.type().element());
  std::optional<Type> common = types.empty() ? std::optional<Type>(Type::dynamic()) : unify(types);
  if (!common) fail("given sets must all have compatible element types");
  element = *common;
  std::vector<std::vector<Value>> out;
  for (const Value& s : sets) {
    std::vector<Value> converted;
    for (const Value& e : s.elements()) {
      std::string why;
      std::optional<Value> c = convert(e, element, why);
      if (!c) fail("given sets must all have compatible element types");
      converted.push_back(*c);
    }
    out.push_back(std::move(converted));
  }
  return out;
}

Function set_operation(std::vector<Param> params, bool variadic_rest,
                       std::function<std::vector<Value>(const std::vector<std::vector<Value>>&)> op) {
  Function f;
  f.params = std::move(params);
  if (variadic_rest) f.variadic = param("other_sets", kAnySet);
  f.impl = [op](const Args& a) {
    Type element;
    std::vector<std::vector<Value>> sets = common_elements(a, element);
    return Value::set(op(sets), element);
  };
  return f;
}

Value product(const Args& a) {
  if (a.size() < 2) fail("at least two arguments are required");
  bool any_list = false;
  for (size_t i = 0; i < a.size(); ++i) {
    Type::Kind k = a[i].type().kind();
    if (k != Type::Kind::Set && k != Type::Kind::List && k != Type::Kind::Tuple) fail_arg(i, "a set or a list is required");
    any_list = any_list || k != Type::Kind::Set;
  }
  // A few modest arguments can multiply into billions of rows; kiln refuses rather than exhaust memory.
  constexpr size_t kMaxRows = size_t(1) << 20;
  bool empty = std::any_of(a.begin(), a.end(), [](const Value& s) { return s.length() == 0; });
  size_t count = 1;
  for (const Value& s : a) {
    count *= s.length();
    if (!empty && count > kMaxRows) fail("the product would have more than " + std::to_string(kMaxRows) + " elements");
  }
  std::vector<std::vector<Value>> rows{{}};
  for (const Value& s : a) {
    std::vector<std::vector<Value>> next;
    for (const auto& row : rows)
      for (const Value& e : s.elements()) {
        next.push_back(row);
        next.back().push_back(e);
      }
    rows = std::move(next);
  }
  std::vector<Value> tuples;
  for (auto& row : rows) tuples.push_back(Value::tuple(std::move(row)));
  if (tuples.empty()) return any_list ? Value::list({}, Type::dynamic()) : Value::set({}, Type::dynamic());
  std::optional<Value> list = list_of(tuples, Type::dynamic());
  if (!list) fail("all elements must be of the same type");
  if (any_list) return *list;
  return Value::set(list->elements(), list->type().element());
}

}  // namespace

void add_set_functions(FunctionTable& table) {
  table["setunion"] = set_operation({param("first_set", kAnySet)}, true, [](const auto& sets) {
    std::vector<Value> all;
    for (const auto& s : sets) all.insert(all.end(), s.begin(), s.end());
    return all;
  });
  table["setintersection"] = set_operation({param("first_set", kAnySet)}, true, [](const auto& sets) {
    std::vector<Members> others(sets.begin() + 1, sets.end());
    std::vector<Value> kept;
    for (const Value& e : sets[0])
      if (std::all_of(others.begin(), others.end(), [&](const Members& s) { return s.contains(e); })) kept.push_back(e);
    return kept;
  });
  table["setsubtract"] = set_operation({param("a", kAnySet), param("b", kAnySet)}, false, [](const auto& sets) {
    Members subtracted(sets[1]);
    std::vector<Value> kept;
    for (const Value& e : sets[0])
      if (!subtracted.contains(e)) kept.push_back(e);
    return kept;
  });
  Function product_fn;
  product_fn.variadic = param("sets", Type::dynamic());
  product_fn.impl = product;
  table["setproduct"] = product_fn;
}

}  // namespace kiln::hcl::functions
