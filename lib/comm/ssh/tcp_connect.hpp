// The TCP connection an SSH session starts from: straight to the host, or through a SOCKS5 proxy
// (Packer's ssh_proxy_host/_port/_username/_password).
#pragma once

#include <chrono>
#include <string>

#include "comm/ssh/ssh_communicator.hpp"

namespace kiln {

// A connected, blocking socket to host:port. Throws CommError naming host:port and the reason.
int connect_tcp(const std::string& host, int port, std::chrono::milliseconds timeout);

// Asks the SOCKS5 proxy on `fd` (RFC 1928; RFC 1929 username/password when `username` is set) to
// connect to host:port; the proxy resolves the name. Throws CommError with the proxy's answer.
void socks5_connect(int fd, const std::string& host, int port, const std::string& username, const std::string& password,
                    std::chrono::milliseconds timeout);

// host:port reached as `options` says: through options.proxy_host when set, else directly.
int connect_first_hop(const SshOptions& options, const std::string& host, int port);

}  // namespace kiln
