// Private key and certificate files for SSH user authentication, checked as Packer checks them
// before it connects.
#pragma once

#include <string>

namespace kiln {

// The file's text; throws CommError naming the file when it cannot be read.
std::string read_key_file(const std::string& path, const char* what = "private key");

// Why Packer would refuse this private key (no key in it, or protected by a passphrase, which
// Packer does not take), in Packer's words; empty when it is usable. `path` names it.
std::string private_key_problem(const std::string& text, const std::string& path);

// Why this is not an OpenSSH certificate ("<type>-cert-v01@openssh.com <base64>" as ssh-keygen -s
// writes it); empty when it is one.
std::string certificate_problem(const std::string& text);

}  // namespace kiln
