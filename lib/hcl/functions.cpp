#include "hcl/functions.hpp"

#include "hcl/functions/categories.hpp"

namespace kiln::hcl {

FunctionTable packer_functions(const std::string& base_dir) {
  FunctionTable table;
  functions::add_string_functions(table);
  functions::add_format_functions(table);
  functions::add_regex_functions(table);
  functions::add_datetime_functions(table);
  functions::add_json_functions(table);
  functions::add_numeric_functions(table);
  functions::add_collection_functions(table);
  functions::add_set_functions(table);
  functions::add_conversion_functions(table);
  functions::add_encoding_functions(table);
  functions::add_yaml_functions(table);
  functions::add_hash_functions(table);
  functions::add_uuid_functions(table);
  functions::add_bcrypt_function(table);
  functions::add_ipnet_functions(table);
  functions::add_unsupported_functions(table);
  // Last: templatefile offers the templates it renders every function added before it.
  functions::add_filesystem_functions(table, base_dir);
  return table;
}

const FunctionTable& packer_functions() {
  static const FunctionTable table = packer_functions("");
  return table;
}

}  // namespace kiln::hcl
