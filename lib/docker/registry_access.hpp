// Registry credentials as the docker builder and the docker-push post-processor take them (Packer's
// login, login_server, login_username, login_password, and the ECR keys).
#pragma once

#include <vector>

#include "docker/engine.hpp"
#include "kiln/config.hpp"
#include "kiln/plugin.hpp"

namespace kiln::docker {

struct RegistryAccess {
  bool login = false;
  RegistryLogin credentials;

  // The template keys, for a plugin's schema.
  static std::vector<Field> fields();
  static RegistryAccess decode(const Config& config);

  // When `login` is set: masks the password in every later event, then logs `engine` in.
  void log_in(Engine& engine, const RunContext& ctx) const;
};

}  // namespace kiln::docker
