#include "comm/ssh/tcp_connect.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln {
namespace {

// Reads or writes exactly `n` bytes within `timeout` overall.
void transfer(int fd, char* buf, size_t n, bool writing, std::chrono::milliseconds timeout, const std::string& what) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (size_t done = 0; done < n;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, static_cast<short>(writing ? POLLOUT : POLLIN), 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) != 1)
      throw CommError(fmt::format("{}: the proxy did not answer in time", what));
    ssize_t r = writing ? ::send(fd, buf + done, n - done, MSG_NOSIGNAL) : ::read(fd, buf + done, n - done);
    if (r <= 0) throw CommError(fmt::format("{}: the proxy closed the connection", what));
    done += static_cast<size_t>(r);
  }
}

const char* socks5_reply(unsigned char code) {
  switch (code) {
    case 1: return "general SOCKS server failure";
    case 2: return "connection not allowed by ruleset";
    case 3: return "network unreachable";
    case 4: return "host unreachable";
    case 5: return "connection refused";
    case 6: return "TTL expired";
    case 7: return "command not supported";
    case 8: return "address type not supported";
    default: return "unknown reply";
  }
}

}  // namespace

int connect_tcp(const std::string& host, int port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
  if (rc != 0) throw CommError(fmt::format("ssh: cannot resolve {}: {}", host, gai_strerror(rc)));
  std::string error = "no address";
  int fd = -1;
  for (addrinfo* ai = res; ai && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int soerr = ETIMEDOUT;
      if (poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
        socklen_t len = sizeof soerr;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
      }
      if (soerr != 0) {
        error = std::strerror(soerr);
        close(fd);
        fd = -1;
      }
    } else if (errno != 0 && errno != EINPROGRESS) {
      error = std::strerror(errno);
    }
  }
  freeaddrinfo(res);
  if (fd < 0) throw CommError(fmt::format("ssh: cannot connect to {}:{}: {}", host, port, error));
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, 1 /* TCP_NODELAY */, &one, sizeof one);
  return fd;
}

void socks5_connect(int fd, const std::string& host, int port, const std::string& username, const std::string& password,
                    std::chrono::milliseconds timeout) {
  std::string what = fmt::format("SOCKS5 proxy connecting to {}:{}", host, port);
  if (host.size() > 255 || username.size() > 255 || password.size() > 255)
    throw CommError(fmt::format("{}: host name or credentials longer than 255 bytes", what));
  auto send = [&](std::string bytes) { transfer(fd, bytes.data(), bytes.size(), true, timeout, what); };
  auto receive = [&](size_t n) {
    std::string bytes(n, '\0');
    transfer(fd, bytes.data(), n, false, timeout, what);
    return bytes;
  };
  // Greeting: version 5 and the methods offered: 0 (none), or 2 (username/password).
  send(username.empty() ? std::string("\x05\x01\x00", 3) : std::string("\x05\x01\x02", 3));
  std::string chosen = receive(2);
  if (chosen[0] != 5) throw CommError(fmt::format("{}: not a SOCKS5 proxy", what));
  if (static_cast<unsigned char>(chosen[1]) == 0xff)
    throw CommError(fmt::format("{}: the proxy accepts none of the offered authentication methods{}", what,
                                username.empty() ? " (it may want ssh_proxy_username/ssh_proxy_password)" : ""));
  if (chosen[1] == 2) {
    send(std::string{1, static_cast<char>(username.size())} + username + static_cast<char>(password.size()) + password);
    if (receive(2)[1] != 0) throw CommError(fmt::format("{}: the proxy refused user {}", what, username));
  }
  // CONNECT by domain name (type 3), so the proxy resolves it.
  send(std::string("\x05\x01\x00\x03", 4) + static_cast<char>(host.size()) + host + static_cast<char>((port >> 8) & 0xff) +
       static_cast<char>(port & 0xff));
  std::string reply = receive(4);
  if (reply[1] != 0) throw CommError(fmt::format("{}: {}", what, socks5_reply(static_cast<unsigned char>(reply[1]))));
  // The bound address that follows is of no use here, but must be read past.
  size_t address = reply[3] == 1 ? 4 : reply[3] == 4 ? 16 : static_cast<unsigned char>(receive(1)[0]);
  receive(address + 2);
}

int connect_first_hop(const SshOptions& options, const std::string& host, int port) {
  if (options.proxy_host.empty()) return connect_tcp(host, port, options.connect_timeout);
  int fd = connect_tcp(options.proxy_host, options.proxy_port, options.connect_timeout);
  try {
    socks5_connect(fd, host, port, options.proxy_username, options.proxy_password, options.connect_timeout);
  } catch (...) {
    close(fd);
    throw;
  }
  return fd;
}

}  // namespace kiln
