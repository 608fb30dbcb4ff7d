#include "template/hcl2/scope.hpp"

#include "hcl/config_value.hpp"
#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {

hcl::Value Scope::eval(const hcl::Expr& expr, const hcl::EvalContext& ctx) {
  hcl::Diagnostics diagnostics;
  hcl::Value v = hcl::evaluate(expr, ctx, diagnostics);
  add_all(diagnostics, problems);
  return v;
}

void Scope::add_secrets(const hcl::Value& value) {
  if (value.is_null() || !value.is_known()) return;
  switch (value.type().kind()) {
    case hcl::Type::Kind::String: secret(value.as_string()); break;
    case hcl::Type::Kind::Number: secret(value.as_number().str()); break;
    case hcl::Type::Kind::Bool: break;  // "true" and "false" are everywhere
    case hcl::Type::Kind::List:
    case hcl::Type::Kind::Set:
    case hcl::Type::Kind::Tuple:
      for (const auto& e : value.elements()) add_secrets(e);
      break;
    case hcl::Type::Kind::Map:
    case hcl::Type::Kind::Object:
      for (const auto& [k, e] : value.attributes()) add_secrets(e);
      break;
    case hcl::Type::Kind::Dynamic: break;
  }
}

std::string display_text(const hcl::Value& value) {
  if (value.is_null() || !value.is_known()) return {};
  switch (value.type().kind()) {
    case hcl::Type::Kind::String: return value.as_string();
    case hcl::Type::Kind::Number: return value.as_number().str();
    case hcl::Type::Kind::Bool: return value.as_bool() ? "true" : "false";
    default: return hcl::to_config(value).to_json();
  }
}

}  // namespace kiln::hcl2
