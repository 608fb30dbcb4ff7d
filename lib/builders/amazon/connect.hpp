// amazon-ebs over SSH: connects to the launched instance with the shared communicator.
#pragma once

#include "builders/amazon/sequence.hpp"

namespace kiln::amazon {

// Connects to run.state.host (or ssh_host) with ssh_private_key_file or the temporary key pair.
std::unique_ptr<Communicator> connect_ssh(EbsRun& run);

}  // namespace kiln::amazon
