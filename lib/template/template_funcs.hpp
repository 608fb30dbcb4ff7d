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

// Decodes the UTF-8 sequence at s[i] and sets `len`; an invalid byte gives U+FFFD with len 1, as in Go.
char32_t decode_utf8(std::string_view s, size_t i, size_t& len);
void encode_utf8(std::string& out, char32_t r);

// Packer's {{uuid}}: eight hex digits of the current unix time, then 96 random bits.
std::string time_ordered_uuid();

}  // namespace kiln::tmpl
