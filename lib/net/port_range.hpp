// A listening TCP socket on a port picked as Packer 1.6.6 picks it (packer-plugin-sdk/net's
// ListenRangeConfig): random ports from [min, max) — max itself only when min == max — until one binds.
#pragma once

#include <string>

#include "kiln/cancel.hpp"

namespace kiln::net {

struct ListeningPort {
  int fd = -1;  // the caller owns and closes it
  int port = 0;
};

// Listens on address:port for a free port in the range. Where Packer retries forever, this gives
// up once every port of the range was found taken: Error naming the range and the last reason.
// Throws Error(Invalid) for a bad address or range, Cancelled.
ListeningPort listen_in_port_range(const std::string& address, int min, int max, const CancelToken& cancel);

}  // namespace kiln::net
