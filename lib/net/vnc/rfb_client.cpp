#include "net/vnc/rfb_client.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::vnc {
namespace {

using RfbClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr uint8_t rfb_security_invalid = 0, rfb_security_none = 1, rfb_security_vnc_password = 2;
constexpr uint8_t rfb_key_event = 4;
constexpr uint32_t rfb_max_text = 1 << 20;  // longer reasons and desktop names mean a broken server
constexpr auto rfb_key_event_timeout = 30s;  // a server that reads no key for this long is stuck

// Polls `fd` for `events` until the deadline, waking every 250 ms to check for cancellation.
// Returns false at the deadline.
bool rfb_poll(int fd, short events, RfbClock::time_point deadline, const CancelToken& cancel) {
  for (;;) {
    cancel.throw_if_cancelled();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - RfbClock::now());
    if (left <= 0ms) return false;
    pollfd p{fd, events, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min(left, 250ms).count()));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return true;  // the read or connect that follows reports it
  }
}

// A connected non-blocking socket to host:port; on failure the reason, as strerror or gai_strerror.
int rfb_connect(const std::string& host, int port, RfbClock::time_point deadline, const CancelToken& cancel,
                std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &addresses); rc != 0) {
    error = gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  error = "no address";
  for (addrinfo* a = addresses; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    int status = 0;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      status = errno;
      if (status == EINPROGRESS) {
        status = ETIMEDOUT;
        try {
          if (rfb_poll(fd, POLLOUT, deadline, cancel)) {
            socklen_t length = sizeof status;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &status, &length);
          }
        } catch (...) {
          close(fd);
          freeaddrinfo(addresses);
          throw;
        }
      }
    }
    if (status != 0) {
      error = std::strerror(status);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(addresses);
  return fd;
}

// Reads and writes whole RFB messages by a deadline; errors begin with `what`.
class RfbStream {
 public:
  RfbStream(int fd, std::string what, RfbClock::time_point deadline, const CancelToken& cancel)
      : fd_(fd), what_(std::move(what)), deadline_(deadline), cancel_(cancel) {}

  [[noreturn]] void fail(const std::string& reason) const { throw Error(what_ + ": " + reason); }

  std::string read(size_t n) {
    std::string bytes(n, '\0');
    for (size_t done = 0; done < n;) {
      if (!rfb_poll(fd_, POLLIN, deadline_, cancel_)) fail("the server did not answer in time");
      ssize_t got = ::read(fd_, bytes.data() + done, n - done);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got < 0) fail(std::strerror(errno));
      if (got == 0) fail("the server closed the connection");
      done += static_cast<size_t>(got);
    }
    return bytes;
  }

  uint8_t u8() { return static_cast<uint8_t>(read(1)[0]); }
  uint32_t u32() {
    std::string b = read(4);
    return uint32_t(uint8_t(b[0])) << 24 | uint32_t(uint8_t(b[1])) << 16 | uint32_t(uint8_t(b[2])) << 8 | uint8_t(b[3]);
  }
  static uint16_t u16_at(const std::string& b, size_t i) {
    return static_cast<uint16_t>(uint8_t(b[i]) << 8 | uint8_t(b[i + 1]));
  }

  std::string text() {  // a u32 length and that many bytes: failure reasons, the desktop name
    uint32_t length = u32();
    if (length > rfb_max_text) fail(fmt::format("a text of {} bytes", length));
    return read(length);
  }

  void write(std::string_view bytes) {
    while (!bytes.empty()) {
      if (!rfb_poll(fd_, POLLOUT, deadline_, cancel_)) fail("the server did not read in time");
      ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (sent < 0) fail(std::strerror(errno));
      bytes.remove_prefix(static_cast<size_t>(sent));
    }
  }

 private:
  int fd_;
  std::string what_;
  RfbClock::time_point deadline_;
  const CancelToken& cancel_;
};

// The security handshake of the agreed protocol minor version (3, 7 or 8): only "None" is spoken.
void rfb_security(RfbStream& rfb, int minor) {
  if (minor == 3) {  // the server decides
    uint32_t type = rfb.u32();
    if (type == rfb_security_invalid) rfb.fail("the server refused the connection: " + rfb.text());
    if (type == rfb_security_vnc_password) rfb.fail("the server asks for a VNC password, which kiln does not send");
    if (type != rfb_security_none) rfb.fail(fmt::format("unknown security type {}", type));
    return;
  }
  uint8_t count = rfb.u8();
  if (count == 0) rfb.fail("the server refused the connection: " + rfb.text());
  std::string types = rfb.read(count);
  if (types.find(static_cast<char>(rfb_security_none)) == std::string::npos) {
    std::string offered;
    for (char type : types) offered += (offered.empty() ? "" : ", ") + std::to_string(uint8_t(type));
    rfb.fail(fmt::format("the server offers security types {}, not 1 (None){}", offered,
                         types.find(static_cast<char>(rfb_security_vnc_password)) != std::string::npos
                             ? ": it asks for a VNC password, which kiln does not send"
                             : ""));
  }
  rfb.write(std::string(1, static_cast<char>(rfb_security_none)));
  if (minor == 8 && rfb.u32() != 0) rfb.fail("the server refused the connection: " + rfb.text());
}

}  // namespace

RfbClient::RfbClient(const std::string& host, int port, std::chrono::milliseconds timeout, const CancelToken& cancel)
    : where_(fmt::format("{}:{}", host, port)), cancel_(cancel) {
  auto deadline = RfbClock::now() + timeout;
  std::string error;
  socket_.fd = rfb_connect(host, port, deadline, cancel, error);
  if (socket_.fd < 0) throw Error(fmt::format("cannot connect to VNC at {}: {}", where_, error));
  int one = 1;
  setsockopt(socket_.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  RfbStream rfb(socket_.fd, "VNC handshake with " + where_, deadline, cancel);
  std::string version = rfb.read(12);  // "RFB 003.008\n"
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "RFB %3d.%3d\n", &major, &minor) != 2 || major != 3)
    rfb.fail("not an RFB 3.x server");
  minor = minor >= 8 ? 8 : minor == 7 ? 7 : 3;
  rfb.write(fmt::format("RFB 003.00{}\n", minor));
  rfb_security(rfb, minor);
  rfb.write(std::string(1, '\1'));  // ClientInit: share the desktop with other clients
  std::string init = rfb.read(20);  // width, height, pixel format
  width_ = rfb.u16_at(init, 0);
  height_ = rfb.u16_at(init, 2);
  desktop_name_ = rfb.text();
}

void RfbClient::key_event(uint32_t keysym, bool down) {
  const char message[8] = {static_cast<char>(rfb_key_event), static_cast<char>(down ? 1 : 0), 0, 0,
                           static_cast<char>(keysym >> 24), static_cast<char>(keysym >> 16),
                           static_cast<char>(keysym >> 8), static_cast<char>(keysym)};
  RfbStream rfb(socket_.fd, "VNC at " + where_, RfbClock::now() + rfb_key_event_timeout, cancel_);
  rfb.write({message, sizeof message});
}

}  // namespace kiln::vnc
