#include "builders/qemu/free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::qemu {
namespace {

bool can_bind(const std::string& address, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1) return false;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

int free_port(const std::string& address, int min, int max, const CancelToken& cancel) {
  if (min > max || min < 0 || max > 65535) throw Error(fmt::format("invalid port range {}-{}", min, max));
  std::random_device seed;
  std::mt19937 random(seed());
  std::uniform_int_distribution<int> pick(min, max);
  int tries = std::min(2 * (max - min + 1), 1000);
  for (int i = 0; i < tries; ++i) {
    cancel.throw_if_cancelled();
    int port = pick(random);
    if (can_bind(address, port)) return port;
  }
  throw Error(fmt::format("no free port between {} and {} on {}", min, max, address), ErrorCode::Build);
}

}  // namespace kiln::qemu
