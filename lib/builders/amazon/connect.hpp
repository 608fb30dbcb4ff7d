// amazon-ebs over SSH: connects to the launched instance with the shared communicator.
#pragma once

#include "builders/amazon/sequence.hpp"

namespace kiln::amazon {

// Connects to run.state.host (or ssh_host) with ssh_private_key_file or the temporary key pair.
std::unique_ptr<Communicator> connect_ssh(EbsRun& run);

// The addresses of a DescribeInstances instance item.
Instance instance_from_xml(pugi::xml_node item);

// The instance's address for `ssh_interface` ("" when it has none yet), by Packer's rules (SSHHost
// in builder/amazon/common/ssh.go): the named interface's address; with none named, in a VPC the
// public IP, else the private IP; outside a VPC the public DNS name only.
std::string pick_address(const std::string& ssh_interface, const Instance& instance);

// Where the communicator connects: ssh_host when set, else pick_address(); while that is empty the
// instance is described again, up to twice, a second apart (updating run.state.instance), and then
// it is an error, as in Packer.
std::string instance_address(EbsRun& run);

}  // namespace kiln::amazon
