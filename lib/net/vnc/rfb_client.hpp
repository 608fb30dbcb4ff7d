// A VNC client with what boot_command needs (RFB 3.3, 3.7 and 3.8, RFC 6143): it connects without
// authentication (qemu's -vnc without a password), joins the session as a shared client (as
// Packer), and sends key events. It never asks for the screen, so it reads nothing after the handshake.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "kiln/cancel.hpp"
#include "net/vnc/boot_command_typer.hpp"
#include "util/fd.hpp"

namespace kiln::vnc {

class RfbClient final : public KeyEventSink {
 public:
  // Connects to host:port and completes the handshake within `timeout`. Throws Error naming
  // host:port and the reason (refused, not an RFB server, a password or security type it does not
  // speak, the server's own reason), Cancelled.
  RfbClient(const std::string& host, int port, std::chrono::milliseconds timeout, const CancelToken& cancel);

  // RFB KeyEvent: `keysym` (X11) pressed or released. Throws Error when the server is gone or
  // stuck, Cancelled (the token given to the constructor).
  void key_event(uint32_t keysym, bool down) override;

  const std::string& desktop_name() const { return desktop_name_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  std::string where_;
  CancelToken cancel_;
  Fd socket_{-1};
  std::string desktop_name_;
  int width_ = 0;
  int height_ = 0;
};

}  // namespace kiln::vnc
