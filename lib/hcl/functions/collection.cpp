// Collection functions: length, element, concat, contains, distinct, chunklist, flatten, index,
// keys, values, lookup, merge, range, reverse, slice, sort, zipmap, coalesce, coalescelist, compact,
// alltrue, anytrue.
#include <algorithm>

#include "hcl/convert.hpp"
#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {

const Type kAny = Type::dynamic();

// The same kind of sequence as `like` (list, set or tuple) holding `elements`.
Value same_kind(const Value& like, std::vector<Value> elements) {
  switch (like.type().kind()) {
    case Type::Kind::List:
      return Value::list(std::move(elements), like.type().element());
    case Type::Kind::Set:
      return Value::set(std::move(elements), like.type().element());
    default:
      return Value::tuple(std::move(elements));
  }
}

bool is_sequence(const Value& v) {
  Type::Kind k = v.type().kind();
  return k == Type::Kind::List || k == Type::Kind::Tuple;
}

Value length(const Args& a) {
  const Value& v = a[0];
  if (v.type() == Type::string()) return Value::number(int64_t(grapheme_count(v.as_string())));
  if (v.type().is_collection() || v.type().is_structural()) return Value::number(int64_t(v.length()));
  fail("argument must be a string, a collection type, or a structural type");
}

Value element(const Args& a) {
  const Value& list = a[0];
  if (!is_sequence(list)) fail_arg(0, "cannot read elements from " + list.type().friendly_name());
  if (list.length() == 0) fail("cannot use element function with an empty list");
  int64_t index = integer_arg(a, 1);
  if (index < 0) fail_arg(1, "cannot use element function with a negative index");
  return list.elements()[size_t(index) % list.length()];
}

Value concat(const Args& a) {
  if (a.empty()) fail("at least one argument is required");
  std::vector<Value> all;
  bool all_lists = true;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!is_sequence(a[i]))
      fail_arg(i, "all arguments must be lists or tuples; got " + a[i].type().friendly_name());
    all_lists = all_lists && a[i].type().kind() == Type::Kind::List && a[i].type() == a[0].type();
    all.insert(all.end(), a[i].elements().begin(), a[i].elements().end());
  }
  if (all_lists) return Value::list(std::move(all), a[0].type().element());
  return Value::tuple(std::move(all));
}

Value contains(const Args& a) {
  if (!a[0].type().is_list_like()) fail_arg(0, "argument must be list, tuple, or set");
  for (const Value& e : a[0].elements())
    if (equal(e, a[1])) return Value::boolean(true);
  return Value::boolean(false);
}

Value distinct(const Args& a) {
  std::vector<Value> kept;
  for (size_t i : first_occurrences(a[0].elements(), false)) kept.push_back(a[0].elements()[i]);
  return Value::list(std::move(kept), a[0].type().element());
}

Value chunklist(const Args& a) {
  int64_t size = integer_arg(a, 1);
  if (size < 0) fail_arg(1, "the size argument must be positive");
  const Type& element = a[0].type().element();
  const std::vector<Value>& all = a[0].elements();
  std::vector<Value> chunks;
  if (size == 0) {
    if (!all.empty()) chunks.push_back(a[0]);
  } else {
    for (size_t i = 0; i < all.size(); i += size_t(size)) {
      size_t end = std::min(all.size(), i + size_t(size));
      chunks.push_back(Value::list({all.begin() + long(i), all.begin() + long(end)}, element));
    }
  }
  return Value::list(std::move(chunks), Type::list(element));
}

void flatten_into(std::vector<Value>& out, const Value& v) {
  for (const Value& e : v.elements()) {
    if (!e.is_null() && e.type().is_list_like()) flatten_into(out, e);
    else out.push_back(e);
  }
}

Value flatten(const Args& a) {
  if (!a[0].type().is_list_like()) fail_arg(0, "can only flatten lists, sets and tuples");
  std::vector<Value> out;
  flatten_into(out, a[0]);
  return Value::tuple(std::move(out));
}

// index(collection, key) is cty's element lookup in Packer 1.6.6 (later Packer's index finds a
// value's position instead), with cty's messages.
Value index(const Args& a) {
  const Value& collection = a[0];
  const Value& key = a[1];
  switch (collection.type().kind()) {
    case Type::Kind::Tuple: {
      if (key.type() != kNumber) fail("key for tuple must be number");
      std::optional<int64_t> i = key.as_number().to_int64();
      if (!i) fail("invalid key for tuple: value must be a whole number, between -9223372036854775808 and 9223372036854775807");
      if (*i < 0 || size_t(*i) >= collection.length())
        fail("key must be between 0 and " + std::to_string(collection.length()) + " inclusive");
      return collection.elements()[size_t(*i)];
    }
    case Type::Kind::List: {
      if (key.type() != kNumber) fail("key for list must be number");
      std::optional<int64_t> i = key.as_number().to_int64();
      if (!i || *i < 0 || size_t(*i) >= collection.length()) fail("invalid index");
      return collection.elements()[size_t(*i)];
    }
    case Type::Kind::Map: {
      if (key.type() != kString) fail("key for map must be string");
      auto found = collection.attributes().find(key.as_string());
      if (found == collection.attributes().end()) fail("invalid index");
      return found->second;
    }
    default:
      fail("collection must be a list, a map or a tuple");
  }
}

bool is_mapping(const Value& v) { return v.type().kind() == Type::Kind::Map || v.type().kind() == Type::Kind::Object; }

Value keys(const Args& a) {
  if (!is_mapping(a[0])) fail_arg(0, "must have map or object type");
  std::vector<Value> names;
  for (const auto& [key, value] : a[0].attributes()) names.push_back(text(key));
  if (a[0].type().kind() == Type::Kind::Object) return Value::tuple(std::move(names));
  return Value::list(std::move(names), Type::string());
}

Value values(const Args& a) {
  if (!is_mapping(a[0])) fail_arg(0, "values() requires a map as the first argument");
  std::vector<Value> all;
  for (const auto& [key, value] : a[0].attributes()) all.push_back(value);
  if (a[0].type().kind() == Type::Kind::Object) return Value::tuple(std::move(all));
  return Value::list(std::move(all), a[0].type().element());
}

Value lookup(const Args& a) {
  if (!is_mapping(a[0])) fail_arg(0, "lookup() requires a map as the first argument");
  const std::string& key = a[1].as_string();
  auto found = a[0].attributes().find(key);
  if (found != a[0].attributes().end()) return found->second;
  if (a[0].type().kind() == Type::Kind::Map) {
    std::string why;
    std::optional<Value> converted = convert(a[2], a[0].type().element(), why);
    if (!converted) fail_arg(2, "the default value must have the same type as the map elements");
    return *converted;
  }
  return a[2];
}

Value merge(const Args& a) {
  std::map<std::string, Value> all;
  bool all_maps = true;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_null()) continue;
    if (!is_mapping(a[i])) fail("arguments must be maps or objects, got \"" + a[i].type().friendly_name() + "\"");
    all_maps = all_maps && a[i].type().kind() == Type::Kind::Map;
    for (const auto& [key, value] : a[i].attributes()) all.insert_or_assign(key, value);
  }
  if (all_maps && !all.empty()) {
    std::vector<Value> elements;
    for (const auto& [key, value] : all) elements.push_back(value);
    if (std::optional<Value> list = list_of(elements, kAny)) {
      std::map<std::string, Value> converted;
      size_t i = 0;
      for (const auto& [key, value] : all) converted.emplace(key, list->elements()[i++]);
      return Value::map(std::move(converted), list->type().element());
    }
  }
  return Value::object(std::move(all));
}

Value range(const Args& a) {
  if (a.empty() || a.size() > 3) fail("must have one, two, or three arguments");
  Number start, limit, step = Number::from_int64(1);
  if (a.size() == 1) {
    limit = a[0].as_number();
  } else {
    start = a[0].as_number();
    limit = a[1].as_number();
  }
  if (a.size() == 3) step = a[2].as_number();
  else if (limit < start) step = Number::from_int64(-1);
  if (step.is_zero()) fail_arg(2, "step must not be zero");
  bool down = step.is_negative();
  if (down && start < limit) fail_arg(1, "end must be less than start when step is negative");
  if (!down && limit < start) fail_arg(1, "end must be greater than start when step is positive");
  std::vector<Value> out;
  for (Number v = start; down ? limit < v : v < limit; v = v + step) {
    if (out.size() == 1024)
      fail("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step");
    out.push_back(Value::number(v));
  }
  return Value::list(std::move(out), kNumber);
}

Value reverse(const Args& a) {
  if (!is_sequence(a[0])) fail_arg(0, "can only reverse list or tuple values, not " + a[0].type().friendly_name());
  std::vector<Value> all(a[0].elements().rbegin(), a[0].elements().rend());
  return same_kind(a[0], std::move(all));
}

Value slice(const Args& a) {
  if (a[0].type().kind() == Type::Kind::Set)
    fail_arg(0, "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important");
  if (!is_sequence(a[0])) fail_arg(0, "must be a list or tuple value");
  int64_t start = integer_arg(a, 1), end = integer_arg(a, 2);
  auto length = int64_t(a[0].length());
  if (start < 0) fail_arg(1, "start index must not be less than zero");
  if (start > length) fail_arg(1, "start index must not be greater than the length of the list");
  if (end < 0) fail_arg(2, "end index must not be less than zero");
  if (end > length) fail_arg(2, "end index must not be greater than the length of the list");
  if (start > end) fail_arg(1, "start index must not be greater than end index");
  const std::vector<Value>& all = a[0].elements();
  return same_kind(a[0], {all.begin() + start, all.begin() + end});
}

Value sort(const Args& a) {
  std::vector<Value> all = a[0].elements();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].is_null()) fail("given list element " + std::to_string(i) + " is null; a null string cannot be sorted");
  std::stable_sort(all.begin(), all.end(), [](const Value& x, const Value& y) { return x.as_string() < y.as_string(); });
  return Value::list(std::move(all), Type::string());
}

Value zipmap(const Args& a) {
  if (!is_sequence(a[1])) fail_arg(1, "values argument must be a list or tuple value");
  const std::vector<Value>& names = a[0].elements();
  const std::vector<Value>& items = a[1].elements();
  if (names.size() != items.size())
    fail("number of keys (" + std::to_string(names.size()) + ") does not match number of values (" +
         std::to_string(items.size()) + ")");
  std::map<std::string, Value> out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].is_null()) fail_arg(0, "keys list has null value at index " + std::to_string(i));
    out.insert_or_assign(names[i].as_string(), items[i]);
  }
  if (a[1].type().kind() == Type::Kind::List) return Value::map(std::move(out), a[1].type().element());
  return Value::object(std::move(out));
}

Value coalesce(const Args& a) {
  std::optional<Value> all = list_of(a, kAny);
  if (!all) fail("all arguments must have the same type");
  for (const Value& v : all->elements()) {
    if (v.is_null()) continue;
    if (v.type() == Type::string() && v.as_string().empty()) continue;
    return v;
  }
  fail("no non-null, non-empty-string arguments");
}

Value coalescelist(const Args& a) {
  if (a.empty()) fail("at least one argument is required");
  for (const Value& v : a) {
    if (v.is_null()) continue;
    if (!is_sequence(v)) fail("coalescelist arguments must be lists or tuples");
    if (v.length() > 0) return v;
  }
  fail("no non-null arguments");
}

Value compact(const Args& a) {
  std::vector<Value> kept;
  for (const Value& e : a[0].elements())
    if (!e.is_null() && !e.as_string().empty()) kept.push_back(e);
  return Value::list(std::move(kept), Type::string());
}

Function truth(bool all) {
  return fixed({param("list", Type::list(Type::boolean()))}, Type::boolean(), when_wholly_known(Type::boolean(), [all](const Args& a) {
    for (const Value& e : a[0].elements()) {
      bool yes = !e.is_null() && e.as_bool();
      if (all && !yes) return Value::boolean(false);
      if (!all && yes) return Value::boolean(true);
    }
    return Value::boolean(all);
  }));
}

Function dynamic(std::vector<Param> params, Impl impl) {
  Function f;
  f.params = std::move(params);
  f.impl = std::move(impl);
  return f;
}

Param any_param(std::string name) { return param(std::move(name), kAny); }

}  // namespace

void add_collection_functions(FunctionTable& table) {
  table["length"] = fixed({any_param("collection")}, kNumber, length);
  table["element"] = dynamic({any_param("list"), param("index", kNumber)}, element);
  Function concat_fn = dynamic({}, concat);
  concat_fn.variadic = any_param("seqs");
  table["concat"] = concat_fn;
  table["contains"] = fixed({any_param("list"), any_param("value")}, Type::boolean(), when_wholly_known(Type::boolean(), contains));
  table["distinct"] = dynamic({param("list", Type::list(kAny))}, distinct);
  table["chunklist"] = dynamic({param("list", Type::list(kAny)), param("size", kNumber)}, chunklist);
  table["flatten"] = dynamic({any_param("list")}, when_wholly_known(kAny, flatten));
  table["index"] = dynamic({any_param("collection"), any_param("key")}, index);
  table["keys"] = dynamic({any_param("inputMap")}, keys);
  table["values"] = dynamic({any_param("mapping")}, values);
  table["lookup"] = dynamic({any_param("inputMap"), param("key", Type::string()), any_param("default")}, lookup);
  Function merge_fn = dynamic({}, merge);
  merge_fn.variadic = nullable("maps", kAny);
  table["merge"] = merge_fn;
  table["range"] = variadic({}, param("params", kNumber), Type::list(kNumber), range);
  table["reverse"] = dynamic({any_param("list")}, reverse);
  table["slice"] = dynamic({any_param("list"), param("start_index", kNumber), param("end_index", kNumber)}, slice);
  table["sort"] = fixed({param("list", Type::list(Type::string()))}, Type::list(Type::string()),
                        when_wholly_known(Type::list(Type::string()), sort));
  table["zipmap"] = dynamic({param("keys", Type::list(Type::string())), any_param("values")}, when_wholly_known(kAny, zipmap));
  Function coalesce_fn = dynamic({}, when_wholly_known(kAny, coalesce));
  coalesce_fn.variadic = nullable("vals", kAny);
  table["coalesce"] = coalesce_fn;
  Function coalescelist_fn = dynamic({}, when_wholly_known(kAny, coalescelist));
  coalescelist_fn.variadic = nullable("vals", kAny);
  table["coalescelist"] = coalescelist_fn;
  table["compact"] = fixed({param("list", Type::list(Type::string()))}, Type::list(Type::string()),
                           when_wholly_known(Type::list(Type::string()), compact));
  table["alltrue"] = truth(true);
  table["anytrue"] = truth(false);
}

}  // namespace kiln::hcl::functions
