// SSH user authentication in Packer's order: the agent's keys (ssh_agent_auth), the private key
// (as its certificate when ssh_certificate_file is set), then the password, offered both as
// "password" and as "keyboard-interactive" answering every prompt with it.
#pragma once

#include <libssh2.h>

#include "comm/ssh/ssh_communicator.hpp"

namespace kiln {

// Authenticates `opts.username` on a session past its handshake. Throws AuthenticationRefused naming
// every method tried and why each failed (CommError for a credential that cannot be used at all).
void authenticate(LIBSSH2_SESSION* session, const SshOptions& opts);

}  // namespace kiln
