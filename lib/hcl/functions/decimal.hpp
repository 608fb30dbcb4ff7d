// Numbers printed with printf verbs as Go's math/big does for %e, %f, %g and the integer verbs.
#pragma once

#include <string>

#include "hcl/number.hpp"

namespace kiln::hcl::functions {

// big.Float's Text(verb, precision) for verb e, E, f, g or G; precision -1 means the shortest
// digits that identify the number (for e and f Go's Format defaults to 6 instead).
std::string float_text(const Number& n, char verb, int precision);

// The digits of a whole number's magnitude in base 2, 8, 10 or 16 (lowercase).
std::string integer_digits(const Number& n, int base);

}  // namespace kiln::hcl::functions
