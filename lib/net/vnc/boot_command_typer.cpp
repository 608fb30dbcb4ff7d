#include "net/vnc/boot_command_typer.hpp"

#include <locale.h>
#include <wctype.h>

#include <string>

#include "util/go_duration.hpp"
#include "kiln/error.hpp"

namespace kiln::vnc {
namespace {

using namespace std::chrono_literals;

constexpr uint32_t boot_left_shift_keysym = 0xFFE1;

struct BootSpecialKeysym {
  std::string_view name;
  uint32_t keysym;
};
// Packer's VNC driver's table (qemu's ui/vnc_keysym.h names them); "menu" is in it, though the
// grammar never yields it.
constexpr BootSpecialKeysym boot_special_keysyms[] = {
    {"bs", 0xFF08},        {"del", 0xFFFF},       {"down", 0xFF54},      {"end", 0xFF57},      {"enter", 0xFF0D},
    {"esc", 0xFF1B},       {"f1", 0xFFBE},        {"f2", 0xFFBF},        {"f3", 0xFFC0},       {"f4", 0xFFC1},
    {"f5", 0xFFC2},        {"f6", 0xFFC3},        {"f7", 0xFFC4},        {"f8", 0xFFC5},       {"f9", 0xFFC6},
    {"f10", 0xFFC7},       {"f11", 0xFFC8},       {"f12", 0xFFC9},       {"home", 0xFF50},     {"insert", 0xFF63},
    {"left", 0xFF51},      {"leftalt", 0xFFE9},   {"leftctrl", 0xFFE3},  {"leftshift", 0xFFE1}, {"leftsuper", 0xFFEB},
    {"menu", 0xFF67},      {"pagedown", 0xFF56},  {"pageup", 0xFF55},    {"return", 0xFF0D},   {"right", 0xFF53},
    {"rightalt", 0xFFEA},  {"rightctrl", 0xFFE4}, {"rightshift", 0xFFE2}, {"rightsuper", 0xFFEC}, {"spacebar", 0x20},
    {"tab", 0xFF09},       {"up", 0xFF52}};

// Go's unicode.IsUpper, from glibc's Unicode tables in a locale object of our own (the process's
// locale is left alone); plain ASCII if C.UTF-8 is missing.
bool boot_is_upper_case(char32_t c) {
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
  if (c < 0x80 || !utf8) return c >= 'A' && c <= 'Z';
  return iswupper_l(static_cast<wint_t>(c), utf8) != 0;
}

bool boot_needs_shift(char32_t c) {
  constexpr std::u32string_view shifted_symbols = U"~!@#$%^&*()_+{}|:\"<>?";
  return boot_is_upper_case(c) || shifted_symbols.find(c) != std::u32string_view::npos;
}

class BootKeyTyper {
 public:
  BootKeyTyper(KeyEventSink& keys, std::chrono::nanoseconds interval, const CancelToken& cancel)
      : keys_(keys), interval_(std::chrono::ceil<std::chrono::milliseconds>(interval)), cancel_(cancel) {}

  void event(uint32_t keysym, bool down) {
    keys_.key_event(keysym, down);
    if (interval_ > 0ms && !cancel_.wait_for(interval_)) throw Cancelled();
  }

  void key(uint32_t keysym, KeyAction action, bool shift) {
    if (shift && action != KeyAction::Off) event(boot_left_shift_keysym, true);
    if (shift && action == KeyAction::Off) event(boot_left_shift_keysym, false);
    if (action != KeyAction::Off) event(keysym, true);
    if (action != KeyAction::On) event(keysym, false);
    if (shift && action == KeyAction::Press) event(boot_left_shift_keysym, false);
  }

 private:
  KeyEventSink& keys_;
  std::chrono::milliseconds interval_;
  const CancelToken& cancel_;
};

}  // namespace

std::optional<uint32_t> special_keysym(std::string_view name) {
  for (const auto& special : boot_special_keysyms)
    if (special.name == name) return special.keysym;
  return std::nullopt;
}

std::chrono::nanoseconds boot_key_interval(std::chrono::nanoseconds configured, const Environment& environment) {
  if (configured > 0ns) return configured;
  if (auto text = environment.get("PACKER_KEY_INTERVAL")) {
    try {
      return std::chrono::nanoseconds(go_parse_duration(*text));
    } catch (const std::invalid_argument&) {
    }
  }
  return 100ms;
}

void type_boot_command(const BootCommand& command, KeyEventSink& keys, std::chrono::nanoseconds interval,
                       const CancelToken& cancel) {
  if (auto problems = boot_command_problems(command); !problems.empty())
    throw Error("invalid boot command: " + problems.front(), ErrorCode::Invalid);
  BootKeyTyper typer(keys, interval, cancel);
  for (const auto& expression : command) {
    cancel.throw_if_cancelled();
    if (auto wait = std::get_if<BootWait>(&expression)) {
      if (!cancel.wait_for(std::chrono::ceil<std::chrono::milliseconds>(wait->duration))) throw Cancelled();
    } else if (auto special = std::get_if<BootSpecial>(&expression)) {
      auto keysym = special_keysym(special->name);
      if (!keysym) throw Error("special " + special->name + " not found.");
      typer.key(*keysym, special->action, false);
    } else {
      const auto& character = std::get<BootCharacter>(expression);
      typer.key(static_cast<uint32_t>(character.character), character.action, boot_needs_shift(character.character));
    }
  }
}

}  // namespace kiln::vnc
