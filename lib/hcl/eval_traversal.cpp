// Attribute access, indexing and splats, with hcl's GetAttr/Index rules and messages.
#include <fmt/format.h>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {
namespace {

Value problem(Diagnostics& diags, const Range& at, const char* summary, std::string detail) {
  diags.push_back({at, summary, std::move(detail)});
  return Value::unknown(Type::dynamic());
}

}  // namespace

Value get_attr(const Value& v, const std::string& name, const Range& at, Diagnostics& diags) {
  if (v.is_null())
    return problem(diags, at, "Attempt to get attribute from null value",
                   "This value is null, so it does not have any attributes.");
  const Type& t = v.type();
  switch (t.kind()) {
    case Type::Kind::Object: {
      auto it = t.attributes().find(name);
      if (it == t.attributes().end())
        return problem(diags, at, "Unsupported attribute",
                       fmt::format("This object does not have an attribute named \"{}\".", name));
      if (!v.is_known()) return Value::unknown(it->second);
      return v.attributes().at(name);
    }
    case Type::Kind::Map: {
      if (!v.is_known()) return Value::unknown(t.element());
      auto it = v.attributes().find(name);
      if (it == v.attributes().end())
        return problem(diags, at, "Missing map element",
                       fmt::format("This map does not have an element with the key \"{}\".", name));
      return it->second;
    }
    case Type::Kind::Dynamic: return Value::unknown(Type::dynamic());
    default: return problem(diags, at, "Unsupported attribute", "This value does not have any attributes.");
  }
}

Value index_value(const Value& collection, const Value& key, const Range& at, Diagnostics& diags) {
  if (collection.is_null())
    return problem(diags, at, "Attempt to index null value", "This value is null, so it does not have any indices.");
  if (key.is_null()) return problem(diags, at, "Invalid index", "Can't use a null value as an indexing key.");
  const Type& t = collection.type();
  if (t.is_dynamic() || key.type().is_dynamic()) return Value::unknown(Type::dynamic());
  auto not_found = [&] {
    return problem(diags, at, "Invalid index", "The given key does not identify an element in this collection value.");
  };
  std::string why;
  switch (t.kind()) {
    case Type::Kind::List:
    case Type::Kind::Tuple: {
      std::optional<Value> n = convert(key, Type::number(), why);
      if (!n)
        return problem(diags, at, "Invalid index",
                       fmt::format("The given key does not identify an element in this collection value: {}.", why));
      if (!collection.is_known() || !n->is_known())
        return Value::unknown(t.kind() == Type::Kind::List ? t.element() : Type::dynamic());
      const Number& index = n->as_number();
      if (!index.is_integer() && !index.is_infinite())
        return problem(diags, at, "Invalid index",
                       fmt::format("The given key does not identify an element in this collection value: indexing a "
                                   "sequence requires a whole number, but the given index ({}) has a fractional part.",
                                   index.str()));
      std::optional<int64_t> i = index.to_int64();
      if (!i || *i < 0 || static_cast<size_t>(*i) >= collection.length()) return not_found();
      return collection.elements()[static_cast<size_t>(*i)];
    }
    case Type::Kind::Map:
    case Type::Kind::Object: {
      std::optional<Value> s = convert(key, Type::string(), why);
      if (!s)
        return problem(diags, at, "Invalid index",
                       fmt::format("The given key does not identify an element in this collection value: {}.", why));
      if (!collection.is_known() || !s->is_known())
        return Value::unknown(t.kind() == Type::Kind::Map ? t.element() : Type::dynamic());
      auto it = collection.attributes().find(s->as_string());
      if (it == collection.attributes().end()) return not_found();
      return it->second;
    }
    case Type::Kind::Set:
      return problem(diags, at, "Invalid index",
                     "Elements of a set are identified only by their value and don't have any separate index or key to "
                     "select with, so it's only possible to perform operations across all elements of the set.");
    default: return problem(diags, at, "Invalid index", "This value does not have any indices.");
  }
}

Value Evaluator::operator()(const Expr& e, const GetAttrExpr& n) {
  bool failed = false;
  Value object = eval_checked(*n.object, failed);
  if (failed) return Value::unknown(Type::dynamic());
  return get_attr(object, n.name, attribute_step_range(n.name, e), diags_);
}

Value Evaluator::operator()(const Expr& e, const IndexExpr& n) {
  bool collection_failed = false, key_failed = false;
  Value collection = eval_checked(*n.collection, collection_failed);
  Value key = eval_checked(*n.key, key_failed);
  if (collection_failed || key_failed) return Value::unknown(Type::dynamic());
  return index_value(collection, key, step_range(*n.collection, e), diags_);
}

Value Evaluator::operator()(const Expr& e, const SplatItemExpr&) {
  if (splat_items_.empty()) return fail(e.range, "Invalid splat", "A splat item is only valid inside a splat.");
  return splat_items_.back();
}

Value Evaluator::operator()(const Expr&, const SplatExpr& n) {
  bool failed = false;
  Value source = eval_checked(*n.source, failed);
  if (failed) return Value::unknown(Type::dynamic());
  const Type& t = source.type();
  if (t.is_dynamic()) return Value::unknown(Type::dynamic());
  bool sequence = t.is_list_like();
  if (source.is_null()) {
    if (!sequence) return Value::tuple({});
    return fail(n.source->range, "Splat of null value",
                "Splat expressions (with the * symbol) cannot be applied to null sequences.");
  }
  if (!source.is_known()) return Value::unknown(Type::dynamic());
  std::vector<Value> elements = sequence ? source.elements() : std::vector<Value>{source};
  std::vector<Value> results;
  bool known = true;
  for (const Value& element : elements) {
    splat_items_.push_back(element);
    bool item_failed = false;
    results.push_back(eval_checked(*n.each, item_failed));
    splat_items_.pop_back();
    if (item_failed) known = false;
  }
  if (!known) return Value::unknown(Type::dynamic());
  if (t.kind() == Type::Kind::List || t.kind() == Type::Kind::Set) {
    if (results.empty()) {
      // The element type comes from applying the traversal to an unknown element.
      Diagnostics ignored;
      Evaluator probe(ctx_, ignored);
      probe.splat_items_.push_back(Value::unknown(t.element()));
      return Value::list({}, probe.eval(*n.each).type());
    }
    return Value::list(std::move(results), Type::dynamic());
  }
  return Value::tuple(std::move(results));
}

}  // namespace kiln::hcl
