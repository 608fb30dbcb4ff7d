// Values to and from JSON as cty's json package does it (jsonencode, jsondecode, format's %v and %q).
#pragma once

#include <string>

#include "hcl/value.hpp"

namespace kiln::hcl::functions {

// Compact JSON as Go's encoding/json writes it: keys sorted, <, > and & escaped as \u003c…,
// numbers in Number::str() form. A wholly known value only; throws std::invalid_argument otherwise.
std::string json_encode(const Value& value);

// A JSON string literal for s, escaped as json_encode escapes strings.
std::string json_quote(const std::string& s);

// Objects become objects, arrays tuples, null a null of dynamic type. Throws std::invalid_argument
// worded as Go's encoding/json words its errors.
Value json_decode(const std::string& json);

}  // namespace kiln::hcl::functions
