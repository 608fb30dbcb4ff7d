// Packer 1.6.6's boot_command language (packer-plugin-sdk/bootcommand): characters typed as they are,
// <special> keys, <xOn>/<xOff> toggles and <wait…> pauses. It parses the command the builder has
// already joined (boot_command's strings, concatenated) and interpolated ({{ .HTTPIP }} …).
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiln::vnc {

// Press = down then up; On holds the key down; Off releases it.
enum class KeyAction { Press, On, Off };

struct BootWait {
  std::chrono::nanoseconds duration;
};
struct BootCharacter {  // one Unicode character, typed as its code point (shifted when upper case)
  char32_t character;
  KeyAction action;
};
struct BootSpecial {  // a named key, lower case: "enter", "f10", "leftctrl", "spacebar" …
  std::string name;
  KeyAction action;
};
using BootExpression = std::variant<BootWait, BootCharacter, BootSpecial>;
using BootCommand = std::vector<BootExpression>;

// The text cannot be read as a boot command. what() is Packer's, one line per problem
// ("1:6 (5): rule Duration: time: unknown unit \"m-\" in duration \"1m-2s\"").
class BootCommandSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a boot command as Packer's PEG grammar does: "<wait>" is one second, "<wait5>" five,
// "<wait1m30s>" a Go duration; "<f1>", "<enter>", "<leftCtrlOn>" special keys (names in any case);
// "<cOn>"/"<cOff>" hold or release one character; any other text, an unknown "<name>" included,
// is typed character by character. Throws BootCommandSyntaxError.
BootCommand parse_boot_command(std::string_view text);

// Packer's checks of a parsed command, one message per problem ("Expecting a positive wait value.
// Got -1m0s"); empty when it can be typed.
std::vector<std::string> boot_command_problems(const BootCommand& command);

// As Packer's String() of an expression, for logs and tests: "Wait<1m0s>", "LIT-Press(a)", "Spec-On(leftctrl)".
std::string describe(const BootExpression& expression);

}  // namespace kiln::vnc
