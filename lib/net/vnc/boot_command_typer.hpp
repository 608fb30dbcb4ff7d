// Types a parsed boot command as RFB key events, as Packer 1.6.6's VNC driver does: X11 keysyms,
// Shift held around upper-case letters and shifted symbols, a pause after every key event.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"
#include "net/vnc/boot_command.hpp"

namespace kiln::vnc {

// Where key events go: an RfbClient, or a recorder in tests. Throws when it cannot deliver one.
class KeyEventSink {
 public:
  virtual ~KeyEventSink() = default;
  virtual void key_event(uint32_t keysym, bool down) = 0;
};

// The keysym of a special key name as BootSpecial holds it ("enter" → 0xFF0D); nullopt if unknown.
std::optional<uint32_t> special_keysym(std::string_view name);

// The pause after each key event: boot_key_interval when positive, else PACKER_KEY_INTERVAL from
// `environment` when it is a Go duration, else 100 ms.
std::chrono::nanoseconds boot_key_interval(std::chrono::nanoseconds configured, const Environment& environment);

// Sends `command` to `keys`: waits sleep, characters and special keys are pressed, held or
// released with `interval` after each event. Throws Error(Invalid) for a command with problems
// (boot_command_problems, checked before the first key), Cancelled when `cancel` fires between
// events or during a wait, and whatever `keys` throws.
void type_boot_command(const BootCommand& command, KeyEventSink& keys, std::chrono::nanoseconds interval,
                       const CancelToken& cancel);

}  // namespace kiln::vnc
