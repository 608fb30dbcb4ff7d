// Number's representation, shared by its arithmetic (number.cpp) and its printing (number_format.cpp).
#pragma once

#include <cstdint>

#include "hcl/big_int.hpp"
#include "hcl/number.hpp"

namespace kiln::hcl {

// Finite non-zero values are mant * 2^exp with mant odd and at most prec bits long.
struct Number::Rep {
  enum class Form { Zero, Finite, Infinite } form = Form::Zero;
  bool negative = false;
  BigInt mant;
  int64_t exp = 0;
  unsigned prec = 0;
};

}  // namespace kiln::hcl
