#include "builders/amazon/connect.hpp"

#include "builders/amazon/steps.hpp"

namespace kiln::amazon {

std::unique_ptr<Communicator> connect_ssh(EbsRun& run) {
  CommSettings settings = run.config.comm;
  settings.ssh.host = run.state.host;
  if (settings.ssh.private_key_file.empty() && settings.ssh.password.empty()) settings.ssh.private_key = run.state.private_key;
  RunContext ctx;
  ctx.ui = run.ui;
  ctx.cancel = run.cancel;
  return connect_communicator(settings, ctx);
}

}  // namespace kiln::amazon
