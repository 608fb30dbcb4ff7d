// What Packer 1.6.6's fixers get from mapstructure when they decode the template into their small
// structs: which values they see, which decoding errors stop `packer fix`, and what they write back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiln/error.hpp"
#include "kiln/value.hpp"

namespace kiln::fix {

// A fixer met a value Packer 1.6.6 crashes on (a failed Go type assertion). kiln reports it instead.
class Unfixable : public Error {
 public:
  explicit Unfixable(const std::string& what) : Error(what + " (Packer 1.6.6 crashes on this template)", ErrorCode::Template) {}
};

// reflect.Kind of a decoded JSON value as mapstructure names it: string, float64, bool, slice, map.
const char* go_kind(const Value& v);
// Go's strings.EqualFold for the ASCII names of struct fields.
bool equal_fold(std::string_view a, std::string_view b);
// mapstructure's *Error text: "N error(s) decoding:\n\n* a\n* b", the errors sorted.
std::string decoding_errors(std::vector<std::string> errors);

// The root value a struct field named `field` decodes from: the exact key, else the first key
// equal to it ignoring case (mapstructure's rule); nullptr when there is none.
const Value* root_field(const Value& tpl, std::string_view field);

// Builders []map[string]interface{}, decoded strictly and written back to "builders" as every
// builder fixer does (a template without builders gets "builders": null). Returns the builder
// objects (null entries have no keys and are skipped). Throws Error with mapstructure's message
// when "builders" is not a list of objects.
std::vector<Value*> builder_maps(Value& tpl);

// The post-processor objects, top-level and inside sequences, for the fixers that run only when
// "post-processors" is set and not null (empty otherwise). Throws Error unless it is a list.
std::vector<Value*> post_processor_maps(Value& tpl);

// `key` ("provisioners" or "builders") weakly decoded into []interface{}: null or absent gives
// nothing, an empty object an empty list, another non-list value a list of itself. The list is
// written back only when it is not empty, as the fixers do.
Value* weak_list(Value& tpl, std::string_view field, std::string_view key);

// mapstructure.WeakDecode of one value into map[string]interface{}: an object as it is, null as
// an empty map, a list as its elements merged (an empty list as an empty map). Throws Error with
// mapstructure's message otherwise; `name` is the value's path in that message.
Value weak_map(const Value& v, const std::string& name = "");

}  // namespace kiln::fix
