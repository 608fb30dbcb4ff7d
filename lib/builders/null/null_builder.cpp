#include "builders/null/null_builder.hpp"

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"

namespace kiln {

const Schema& NullBuilder::schema() const {
  static const Schema schema{.fields = communicator_fields(), .deprecated = fix::deprecated_keys()};
  return schema;
}

void NullBuilder::prepare(const Config& config, Problems& problems) {
  comm_ = decode_comm_settings(config, problems);
  if (comm_.type != "ssh") return;
  // Packer 1.6.6's null builder's own checks, after the communicator's.
  auto refuse = [&](const char* what) {
    problems.add(config.object().pos(), config.path(),
                 fmt::format("{}, please reference your communicator documentation", what));
  };
  if (comm_.ssh.host.empty()) refuse("a Host must be specified");
  if (comm_.ssh.username.empty()) refuse("a Username must be specified");
  if (!comm_.ssh.agent_auth && comm_.ssh.password.empty() && comm_.ssh.private_key_file.empty())
    refuse("one authentication method must be specified");
}

ArtifactPtr NullBuilder::run(BuilderContext& ctx) {
  // As Packer 1.6.6's null builder: an instance id of "Null"; the connection data only with SSH.
  if (ctx.generated) (*ctx.generated)["ID"] = "Null";
  if (ctx.generated && comm_.type == "ssh") {
    (*ctx.generated)["ConnType"] = comm_.type;
    (*ctx.generated)["Host"] = comm_.ssh.host;
    (*ctx.generated)["Port"] = std::to_string(comm_.ssh.port);
    (*ctx.generated)["User"] = comm_.ssh.username;
    (*ctx.generated)["Password"] = comm_.ssh.password;
    (*ctx.generated)["SSHPrivateKeyFile"] = comm_.ssh.private_key_file;
  }
  ctx.debug_pause("connect");
  std::unique_ptr<Communicator> comm = connect_communicator(comm_, ctx);
  ctx.hook->provision(comm.get());
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "fnoeding.null";
  artifact->id_ = "Null";
  artifact->description_ = "Did not export anything. This is the null builder";
  artifact->on_destroy = [] {};
  return artifact;
}

}  // namespace kiln
