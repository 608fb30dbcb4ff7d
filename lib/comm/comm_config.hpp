// The communicator settings every builder shares (Packer's communicator.Config), and connecting
// with Packer's wait-for-SSH behaviour.
#pragma once

#include <memory>

#include "comm/ssh/ssh_communicator.hpp"
#include "kiln/plugin.hpp"

namespace kiln {

struct CommSettings {
  std::string type = "ssh";  // "ssh" or "none"
  SshOptions ssh;
  std::chrono::milliseconds ssh_timeout{5 * 60 * 1000};
  std::chrono::milliseconds pause_before_connecting{0};
  int handshake_attempts = 10;
};

// Every key of Packer 1.6.6's communicator configuration, plus kiln's ssh_host_key.
std::vector<Field> communicator_fields();

// Decodes the communicator keys.
CommSettings decode_comm_settings(const Config& config, Problems& problems);

// Waits for SSH to accept a connection (retrying until ssh_timeout), as Packer does, reporting
// progress to ctx.ui; honours cancel. Returns nullptr for communicator "none".
std::unique_ptr<Communicator> connect_communicator(const CommSettings& settings, const RunContext& ctx);

}  // namespace kiln
