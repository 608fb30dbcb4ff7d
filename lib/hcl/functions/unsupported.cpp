// Packer's functions that read from network services kiln does not talk to yet.
#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

void add_unsupported_functions(FunctionTable& table) {
  auto unsupported = [&](const std::string& name, std::vector<Param> params) {
    table[name] = fixed(std::move(params), kString, [name](const Args&) -> Value {
      fail("the " + name + " function is not supported by kiln yet");
    });
  };
  unsupported("aws_secretsmanager", {param("name", kString), param("key", kString)});
  unsupported("aws_secretsmanager_raw", {param("name", kString)});
  unsupported("vault", {param("path", kString), param("key", kString)});
  unsupported("consul_key", {param("key", kString)});
}

}  // namespace kiln::hcl::functions
