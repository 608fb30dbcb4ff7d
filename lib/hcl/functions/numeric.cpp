// Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum, sum.
#include <cmath>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {


Function unary(Number (*op)(const Number&)) {
  return fixed({param("num", kNumber)}, kNumber, [op](const Args& a) { return Value::number(op(a[0].as_number())); });
}

Function extreme(bool want_max) {
  return variadic({}, param("numbers", kNumber), kNumber, [want_max](const Args& a) {
    if (a.empty()) fail("must pass at least one number");
    Number best = a[0].as_number();
    for (const Value& v : a) {
      int order = v.as_number().compare(best);
      if (want_max ? order > 0 : order < 0) best = v.as_number();
    }
    return Value::number(best);
  });
}

// Digit values as math/big's SetString reads them: 0-9, then a-z (A-Z the same up to base 36);
// above base 36 a-z are 10-35 and A-Z 36-61.
int digit_value(char c, int base) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
  return 99;
}

Value parse_int(const Args& a) {
  const std::string& s = a[0].as_string();
  if (!a[1].as_number().is_integer()) fail_arg(1, "base must be a whole number between 2 and 62 inclusive");
  int64_t base = a[1].as_number().to_int64().value_or(0);
  if (base < 2 || base > 62) fail_arg(1, "base must be a whole number between 2 and 62 inclusive");
  auto bad = [&]() -> void { fail_arg(0, "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer"); };
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) negative = s[0] == '-', i = 1;
  if (i >= s.size()) bad();
  // Parsed numbers carry cty's full 512 bits, so big integers stay exact.
  Number value = *Number::parse("0");
  const Number radix = *Number::parse(std::to_string(base));
  for (; i < s.size(); ++i) {
    int d = digit_value(s[i], int(base));
    if (d >= base) bad();
    value = value * radix + *Number::parse(std::to_string(d));
  }
  return Value::number(negative ? -value : value);
}

}  // namespace

void add_numeric_functions(FunctionTable& table) {
  table["abs"] = unary([](const Number& n) { return n.abs(); });
  table["ceil"] = unary([](const Number& n) { return n.ceil(); });
  table["floor"] = unary([](const Number& n) { return n.floor(); });
  // cty reads signum's argument as a whole number, so fractions are an error.
  table["signum"] = fixed({param("num", kNumber)}, kNumber, [](const Args& a) {
    int64_t n = integer_arg(a, 0);
    return Value::number(int64_t(n == 0 ? 0 : n < 0 ? -1 : 1));
  });
  table["max"] = extreme(true);
  table["min"] = extreme(false);
  table["log"] = fixed({param("num", kNumber), param("base", kNumber)}, kNumber, [](const Args& a) {
    return Value::number(Number::from_double(std::log(a[0].as_number().to_double()) / std::log(a[1].as_number().to_double())));
  });
  table["pow"] = fixed({param("num", kNumber), param("power", kNumber)}, kNumber, [](const Args& a) {
    return Value::number(Number::from_double(std::pow(a[0].as_number().to_double(), a[1].as_number().to_double())));
  });
  table["parseint"] = fixed({param("number", Type::string()), param("base", kNumber)}, kNumber, parse_int);
  table["sum"] = fixed({param("list", Type::dynamic())}, kNumber, when_wholly_known(kNumber, [](const Args& a) {
    if (!a[0].type().is_list_like()) fail_arg(0, "cannot sum noniterable");
    if (a[0].length() == 0) fail_arg(0, "cannot sum an empty list");
    Number total;
    for (const Value& v : a[0].elements()) {
      if (v.is_null() || v.type() != kNumber) fail_arg(0, "argument must be list, set, or tuple of number values");
      total = total + v.as_number();
    }
    return Value::number(total);
  }));
}

}  // namespace kiln::hcl::functions
