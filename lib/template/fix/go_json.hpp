// JSON read and written as Go's encoding/json does it for `packer fix` (Packer 1.6.6, Go 1.19):
// a template decoded into map[string]interface{} and encoded back.
#pragma once

#include <string>
#include <string_view>

#include "kiln/value.hpp"

namespace kiln::fix {

// Decodes the first JSON value of `text` as json.Decoder.Decode into a map does: later duplicate
// keys win, invalid UTF-8 becomes U+FFFD, numbers are float64 and text after the value is ignored.
// Throws Error with Go's message ("EOF", "unexpected EOF", "invalid character 'x' looking for
// beginning of value", "json: cannot unmarshal array into Go value of type map[string]interface {}").
// A top-level null gives a null Value.
Value decode_go_json(std::string_view text);

// Encodes as json.Encoder (keys sorted, <, > and & escaped) indented by json.Indent with two
// spaces, with the trailing newline Encode writes.
std::string encode_go_json(const Value& value);

// strconv.FormatFloat(d, 'f', -1, 64): shortest round-trip digits, never an exponent.
std::string go_format_fixed(double d);
// fmt's %v of a float64 (strconv's shortest 'g'): as go_format_fixed from 1e-4 below 1e6, else
// 1.5e-07, 1e+06.
std::string go_format_v(double d);
// fmt's %v of a decoded JSON value: 1, true, text, [a b], map[k:v] (keys sorted), <nil>.
std::string go_value_text(const Value& v);
// reflect.Type of a decoded JSON value, as mapstructure names it in "unconvertible type" errors.
const char* go_type(const Value& v);
// mapstructure's "'NAME' expected type 'TYPE', got unconvertible type ..., value: ..." error.
std::string unconvertible(const std::string& name, const char* type, const Value& v);

}  // namespace kiln::fix
