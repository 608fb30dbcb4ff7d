#include "hcl/functions.hpp"

#include "hcl/functions/categories.hpp"

namespace kiln::hcl {

FunctionTable packer_functions([[maybe_unused]] const std::string& base_dir) {
  FunctionTable table;
  functions::add_string_functions(table);
  functions::add_format_functions(table);
  functions::add_regex_functions(table);
  functions::add_datetime_functions(table);
  functions::add_json_functions(table);
  return table;
}

const FunctionTable& packer_functions() {
  static const FunctionTable table = packer_functions("");
  return table;
}

}  // namespace kiln::hcl
