#include "hcl/functions/support.hpp"

#include "hcl/convert.hpp"
#include "hcl/functions/text.hpp"

namespace kiln::hcl::functions {

int64_t integer_arg(const Args& args, size_t index) {
  std::optional<int64_t> i = args[index].as_number().to_int64();
  if (!i) fail("value must be a whole number, between -9223372036854775808 and 9223372036854775807");
  return *i;
}

size_t grapheme_count(const std::string& s) { return graphemes(s).size(); }


std::optional<Value> list_of(const std::vector<Value>& elements, const Type& element_type_if_empty) {
  if (elements.empty()) return Value::list({}, element_type_if_empty);
  std::vector<Type> types;
  for (const Value& e : elements) types.push_back(e.type());
  std::optional<Type> common = unify(types);
  if (!common) return std::nullopt;
  std::vector<Value> converted;
  for (const Value& e : elements) {
    std::string why;
    std::optional<Value> c = convert(e, *common, why);
    if (!c) return std::nullopt;
    converted.push_back(*c);
  }
  return Value::list(std::move(converted), *common);
}

bool equal(const Value& a, const Value& b) {
  Value eq = a.equals(b);
  return eq.is_known() && !eq.is_null() && eq.as_bool();
}

}  // namespace kiln::hcl::functions
