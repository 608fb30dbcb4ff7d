// Drives kiln's VNC client and boot_command typer from test scripts, against a real qemu.
//   vnc_type HOST PORT                      handshake only: prints "DESKTOP_NAME WIDTHxHEIGHT"
//   vnc_type HOST PORT COMMAND [INTERVAL]   types the boot command COMMAND (Packer's syntax),
//                                           INTERVAL (a Go duration) after each key event
// Exits 1 with the error on stderr.
#include <cstdio>
#include <exception>
#include <string>

#include "net/vnc/boot_command.hpp"
#include "net/vnc/rfb_client.hpp"
#include "util/go_duration.hpp"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::fprintf(stderr, "usage: vnc_type HOST PORT [COMMAND [INTERVAL]]\n");
    return 2;
  }
  try {
    kiln::vnc::RfbClient vnc(argv[1], std::stoi(argv[2]), std::chrono::seconds(10), kiln::CancelToken());
    if (argc == 3) {
      std::printf("%s %dx%d\n", vnc.desktop_name().c_str(), vnc.width(), vnc.height());
      return 0;
    }
    auto interval = std::chrono::nanoseconds(argc == 5 ? kiln::go_parse_duration(argv[4]) : 0);
    kiln::vnc::type_boot_command(kiln::vnc::parse_boot_command(argv[3]), vnc, interval, kiln::CancelToken());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vnc_type: %s\n", e.what());
    return 1;
  }
}
