// The functions Packer 1.6.6 offers inside {{…}}: user, env, timestamp, isotime, build … (template_funcs.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiln/interpolate.hpp"

namespace kiln::tmpl {

enum class Param { String, Int };

// An argument already converted to the parameter's type.
struct Arg {
  std::string str;
  long long num = 0;
};

struct FuncSpec {
  std::string_view name;
  std::vector<Param> params;
  bool variadic = false;  // the last parameter repeats (zero or more times)
  std::string (*call)(const InterpContext& ctx, const std::vector<Arg>& args);
};

// nullptr when `name` is not a Packer template function.
const FuncSpec* find_function(std::string_view name);

// Packer's {{uuid}}: eight hex digits of the current unix time, then 96 random bits.
std::string time_ordered_uuid();

}  // namespace kiln::tmpl
