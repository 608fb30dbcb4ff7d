// regex, regexall and regex_replace over Go's regular expression syntax (see re2.hpp).
#include "hcl/functions/categories.hpp"
#include "hcl/functions/re2.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {


// cty's result type for a pattern: the match itself without capture groups, a tuple of the groups
// when they are unnamed, an object of them when they are all named.
Type result_type(const Re2Pattern& pattern) {
  size_t named = 0;
  for (const std::string& name : pattern.group_names) named += name.empty() ? 0 : 1;
  if (pattern.group_names.empty()) return kString;
  if (named == 0) return Type::tuple(std::vector<Type>(pattern.group_names.size(), kString));
  if (named < pattern.group_names.size())
    fail_arg(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups");
  std::map<std::string, Type> attributes;
  for (const std::string& name : pattern.group_names) attributes[name] = kString;
  return Type::object(std::move(attributes));
}

Re2Pattern compile_arg(const Value& pattern) {
  try {
    return compile_re2(pattern.as_string());
  } catch (const Re2Error& e) {
    fail_arg(0, "invalid regexp pattern: " + e.code + (e.expr.empty() ? "" : " in " + e.expr));
  }
}

Value match_value(const Re2Pattern& pattern, const Type& type, const std::string& s, const Re2Match& m) {
  auto slice = [&](const std::optional<Span>& span) {
    return span ? text(s.substr(span->first, span->second - span->first)) : Value::null(kString);
  };
  if (type == kString) return slice(m.whole);
  if (type.kind() == Type::Kind::Tuple) {
    std::vector<Value> groups;
    for (const auto& g : m.groups) groups.push_back(slice(g));
    return Value::tuple(std::move(groups));
  }
  std::map<std::string, Value> attributes;
  for (size_t i = 0; i < m.groups.size(); ++i) attributes[pattern.group_names[i]] = slice(m.groups[i]);
  return Value::object(std::move(attributes));
}

Type type_of_pattern_arg(const Args& a) {
  if (!a[0].is_known() || a[0].is_null()) return Type::dynamic();
  return result_type(compile_arg(a[0]));
}

}  // namespace

void add_regex_functions(FunctionTable& table) {
  Function regex;
  regex.params = {param("pattern", kString), param("string", kString)};
  regex.return_type = type_of_pattern_arg;
  regex.impl = [](const Args& a) {
    Re2Pattern pattern = compile_arg(a[0]);
    Type type = result_type(pattern);
    std::vector<Re2Match> found = re2_find_all(pattern, a[1].as_string(), 1);
    if (found.empty()) fail("pattern did not match any part of the given string");
    return match_value(pattern, type, a[1].as_string(), found[0]);
  };
  table["regex"] = regex;

  Function regexall;
  regexall.params = regex.params;
  regexall.return_type = [](const Args& a) {
    Type element = type_of_pattern_arg(a);
    return Type::list(element);
  };
  regexall.impl = [](const Args& a) {
    Re2Pattern pattern = compile_arg(a[0]);
    Type type = result_type(pattern);
    std::vector<Value> matches;
    for (const Re2Match& m : re2_find_all(pattern, a[1].as_string()))
      matches.push_back(match_value(pattern, type, a[1].as_string(), m));
    return Value::list(std::move(matches), type);
  };
  table["regexall"] = regexall;

  table["regex_replace"] =
      fixed({param("str", kString), param("substr", kString), param("replace", kString)}, kString, [](const Args& a) {
        try {
          return text(re2_replace_all(compile_re2(a[1].as_string()), a[0].as_string(), a[2].as_string()));
        } catch (const Re2Error& e) {
          fail(e.str());
        }
      });
}

}  // namespace kiln::hcl::functions
