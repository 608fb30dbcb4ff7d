#include "template/hcl2/aws_functions.hpp"

#include <memory>

#include "hcl/functions/support.hpp"
#include "template/aws_secret.hpp"

namespace kiln::hcl2 {

void add_aws_functions(Scope& scope) {
  namespace f = hcl::functions;
  // Copies: the table may be used after this scope's environment reference is gone.
  auto environment = std::make_shared<Environment>(scope.environment ? *scope.environment : Environment());
  auto secret = scope.secret;
  scope.functions["aws_secretsmanager"] =
      f::fixed({f::param("name", hcl::Type::string()), f::nullable("key", hcl::Type::string())}, hcl::Type::string(),
               [environment, secret](const f::Args& args) {
                 std::string key = args[1].is_null() ? "" : args[1].as_string();
                 std::string value;
                 try {
                   value = tmpl::read_aws_secret(args[0].as_string(), key, environment);
                 } catch (const Error& e) {
                   f::fail(e.what());
                 }
                 if (secret) secret(value);
                 return hcl::Value::string(value);
               });
}

}  // namespace kiln::hcl2
