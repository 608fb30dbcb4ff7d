// Between HCL values and kiln's JSON-like configuration values (the form plugins decode).
#pragma once

#include "hcl/value.hpp"
#include "kiln/value.hpp"

namespace kiln::hcl {

// A wholly known value as configuration: strings, bools and null as themselves; numbers as integers
// when integral and within int64, doubles otherwise; lists, sets and tuples as arrays; maps and objects
// as objects (keys sorted). Unknown parts become null: callers check is_wholly_known first.
kiln::Value to_config(const Value& value);

// Configuration as an HCL value, as cty reads JSON: arrays as tuples, objects as objects, numbers at
// 512-bit precision.
Value from_config(const kiln::Value& value);

}  // namespace kiln::hcl
