#include <doctest/doctest.h>

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include "util/fd.hpp"

using namespace kiln;

TEST_CASE("send_all to a socket whose peer is gone reports EPIPE and raises no SIGPIPE") {
  // The host keeps SIGPIPE's default action (terminate): a plain write() here would end the test process.
  struct sigaction def {}, old {};
  def.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &def, &old);
  int pair[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
  ::close(pair[0]);
  CHECK(send_all(pair[1], "data for a closed peer") == EPIPE);
  ::close(pair[1]);
  sigaction(SIGPIPE, &old, nullptr);
}

TEST_CASE("send_all delivers everything to a live peer") {
  int pair[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
  std::string data(100000, 'k');
  // Larger than the socket buffer: send_all blocks until the reader has drained enough.
  std::string got;
  int rc = -1;
  {
    std::jthread writer([&] { rc = send_all(pair[1], data); ::shutdown(pair[1], SHUT_WR); });
    char buf[8192];
    for (ssize_t n; (n = ::read(pair[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
  }
  CHECK(rc == 0);
  CHECK(got == data);
  ::close(pair[0]);
  ::close(pair[1]);
}
