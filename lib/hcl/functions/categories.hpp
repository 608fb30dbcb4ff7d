// Each file of this folder adds one of the categories of Packer's function documentation.
#pragma once

#include <string>

#include "hcl/function.hpp"

namespace kiln::hcl::functions {

void add_string_functions(FunctionTable& table);
void add_format_functions(FunctionTable& table);
void add_regex_functions(FunctionTable& table);
void add_datetime_functions(FunctionTable& table);
void add_json_functions(FunctionTable& table);
void add_numeric_functions(FunctionTable& table);
void add_collection_functions(FunctionTable& table);
void add_set_functions(FunctionTable& table);
void add_conversion_functions(FunctionTable& table);
void add_encoding_functions(FunctionTable& table);
void add_yaml_functions(FunctionTable& table);  // yaml_decode.cpp
void add_yaml_encode_function(FunctionTable& table);  // yaml_encode.cpp, added by add_yaml_functions
void add_hash_functions(FunctionTable& table);
void add_uuid_functions(FunctionTable& table);
void add_bcrypt_function(FunctionTable& table);
void add_ipnet_functions(FunctionTable& table);
void add_filesystem_functions(FunctionTable& table, const std::string& base_dir);
void add_unsupported_functions(FunctionTable& table);

}  // namespace kiln::hcl::functions
