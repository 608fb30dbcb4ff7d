#include "net/port_range.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::net {

ListeningPort listen_in_port_range(const std::string& address, int min, int max, const CancelToken& cancel) {
  if (min < 1 || max > 65535 || min > max)
    throw Error(fmt::format("no ports to listen on: the range is {}..{}", min, max), ErrorCode::Invalid);
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  std::string host = address.empty() ? "0.0.0.0" : address;
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    length = sizeof *v4;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    length = sizeof *v6;
  } else {
    throw Error(fmt::format("cannot listen on {}: not an IP address", host), ErrorCode::Invalid);
  }

  std::vector<int> ports(static_cast<size_t>(max == min ? 1 : max - min));
  std::iota(ports.begin(), ports.end(), min);
  std::shuffle(ports.begin(), ports.end(), std::mt19937(std::random_device()()));
  std::string reason;
  for (int port : ports) {
    cancel.throw_if_cancelled();
    int fd = socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw Error(fmt::format("cannot open a socket: {}", std::strerror(errno)));
    if (storage.ss_family == AF_INET) v4->sin_port = htons(static_cast<uint16_t>(port));
    else v6->sin6_port = htons(static_cast<uint16_t>(port));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // as Go's listeners
    if (bind(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0 && listen(fd, SOMAXCONN) == 0)
      return {fd, port};
    reason = std::strerror(errno);
    close(fd);
  }
  throw Error(fmt::format("no free port on {} in {}..{}: {}", host, min, max, reason));
}

}  // namespace kiln::net
