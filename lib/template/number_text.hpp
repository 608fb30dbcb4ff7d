// A template number as text, as Packer turns a number into a string ("5", "1.5").
#pragma once

#include <string>

#include <fmt/format.h>

#include "kiln/value.hpp"

namespace kiln {

inline std::string number_text(const Value& number) {
  return number.is_integer() ? std::to_string(number.as_int()) : fmt::format("{}", number.as_number());
}

}  // namespace kiln
