#include "docker/registry_access.hpp"

namespace kiln::docker {

std::vector<Field> RegistryAccess::fields() {
  return {{"login", FieldType::Bool},          {"login_server", FieldType::String},   {"login_username", FieldType::String},
          {"login_password", FieldType::String}, {"ecr_login", FieldType::Bool},       {"aws_access_key", FieldType::String},
          {"aws_secret_key", FieldType::String}, {"aws_token", FieldType::String},     {"aws_profile", FieldType::String}};
}

RegistryAccess RegistryAccess::decode(const Config& c) {
  return {c.boolean("login"), {c.str("login_server"), c.str("login_username"), c.str("login_password")}};
}

void RegistryAccess::log_in(Engine& engine, const RunContext& ctx) const {
  if (!login) return;
  if (auto bus = ctx.ui.bus()) bus->add_secret(credentials.password);
  ctx.ui.message("Logging in...");
  engine.login(credentials, ctx.cancel);
}

}  // namespace kiln::docker
