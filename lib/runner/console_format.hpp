// Values as packer console prints them (Terraform's old REPL format, over Packer's conversion of
// cty values to Go values).
#pragma once

#include <string>

#include "kiln/value.hpp"

namespace kiln {

// Strings bare at the top level and Go-quoted (%q) inside collections; numbers as int64 when whole
// and in range, else as Go's %g; null, true, false; arrays as "[\n  1,\n]" and objects as
// "{\n  \"k\" = v\n}" with sorted keys; empty ones as "[]" and "{}".
std::string console_value_text(const Value& value);

// Go's %g of a float64: the shortest digits that read back, in %e form ("1.5e+06") when the decimal
// exponent is below -4 or at least 6; "+Inf", "-Inf", "NaN".
std::string go_format_g(double f);

}  // namespace kiln
