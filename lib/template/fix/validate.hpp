// What `packer fix` (Packer 1.6.6) checks after fixing, unless -validate=false: the fixed template
// read back with template.Parse and then Template.Validate, with their messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiln::fix {

struct ValidationFailure {
  bool parse = false;   // template.Parse failed ("fails to parse"); else Validate ("failed to validate")
  std::string message;  // Packer's error text, e.g. "1 error occurred:\n\t* at least one builder must be defined\n\n"
};

// Checks the text `packer fix` printed: what Packer's parser and validator report about the
// template's shape (root keys and their types, builders, provisioners and post-processors with
// their type, name, only, except, override and durations).
std::optional<ValidationFailure> validate_fixed(std::string_view fixed_text);

}  // namespace kiln::fix
