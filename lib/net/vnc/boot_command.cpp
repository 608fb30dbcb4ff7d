#include "net/vnc/boot_command.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_set>

#include "util/go_duration.hpp"
#include "util/go_utf8.hpp"

namespace kiln::vnc {
namespace {

using namespace std::chrono_literals;

// The grammar's SpecialKey alternatives in its order: the first that matches is taken, so "f10"
// comes before "f1" and "leftAlt" before "left".
constexpr std::string_view boot_special_keys[] = {
    "bs",        "del",        "enter",     "esc",      "f10",        "f11",      "f12",       "f1",
    "f2",        "f3",         "f4",        "f5",       "f6",         "f7",       "f8",        "f9",
    "return",    "tab",        "up",        "down",     "spacebar",   "insert",   "home",      "end",
    "pageup",    "pagedown",   "leftalt",   "leftctrl", "leftshift",  "rightalt", "rightctrl", "rightshift",
    "leftsuper", "rightsuper", "left",      "right"};

char boot_ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool boot_is_digit(char c) { return c >= '0' && c <= '9'; }

// A recursive descent over the PEG rules Input/Expr/Wait/CharToggle/Special/Literal, keeping the
// PEG's ordered choice (no backtracking into an alternative once it matched) and pigeon's errors:
// an action that fails (a duration Go cannot read) records "line:col (offset): rule Name: message"
// and the parse goes on, so every such problem is reported.
class BootCommandParser {
 public:
  explicit BootCommandParser(std::string_view text) : text_(text) {}

  BootCommand parse() {
    BootCommand out;
    for (size_t at = 0; at < text_.size();) {
      if (auto wait = wait_at(at)) {
        out.emplace_back(*wait);
      } else if (auto toggle = char_toggle_at(at)) {
        out.emplace_back(*toggle);
      } else if (auto special = special_at(at)) {
        out.emplace_back(std::move(*special));
      } else {
        out.emplace_back(BootCharacter{character_at(at), KeyAction::Press});
      }
    }
    if (!errors_.empty()) {
      std::string joined;
      for (const auto& error : errors_) joined += (joined.empty() ? "" : "\n") + error;
      throw BootCommandSyntaxError(joined);
    }
    return out;
  }

 private:
  std::string_view text_;
  std::vector<std::string> errors_;

  void error_at(size_t offset, std::string_view rule, const std::string& message) {
    Position at = position_of(offset);
    std::string where = fmt::format("{}:{} ({})", at.line, at.column, offset);
    std::string error = rule.empty() ? fmt::format("{}: {}", where, message)
                                     : fmt::format("{}: rule {}: {}", where, rule, message);
    // pigeon reports a message once, however often a rule was retried
    if (reported_.insert(error).second) errors_.push_back(std::move(error));
  }

  // Line and column (in characters) of a byte offset, counted on from the last one asked for: errors
  // come nearly in order, so a text with an error at every byte is read once, not once per error.
  struct Position {
    size_t offset = 0;
    int line = 1, column = 1;
  };
  Position last_position_;
  std::unordered_set<std::string> reported_;

  Position position_of(size_t offset) {
    Position p = offset >= last_position_.offset ? last_position_ : Position{};
    while (p.offset < offset) {
      size_t length = 1;
      if (text_[p.offset] == '\n') {
        ++p.line;
        p.column = 1;
      } else {
        decode_utf8(text_, p.offset, length);
        ++p.column;
      }
      p.offset += length;
    }
    return last_position_ = p;
  }

  bool word_at(size_t& at, std::string_view word, bool ignore_case) const {
    if (text_.size() - at < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = text_[at + i];
      if ((ignore_case ? boot_ascii_lower(c) : c) != word[i]) return false;
    }
    at += word.size();
    return true;
  }

  char32_t character_at(size_t& at) {  // Literal = .
    size_t length = 1;
    char32_t character = decode_utf8(text_, at, length);
    if (character == 0xfffd && length == 1) error_at(at, "", "invalid encoding");
    at += length;
    return character;
  }

  // Integer = '0' / NonZeroDigit Digit*; the value of the second is strconv.ParseInt's (0 = the first).
  std::optional<int64_t> integer_at(size_t& at) {
    if (at >= text_.size() || !boot_is_digit(text_[at])) return std::nullopt;
    if (text_[at] == '0') return ++at, 0;
    size_t start = at;
    while (at < text_.size() && boot_is_digit(text_[at])) ++at;
    std::string_view digits = text_.substr(start, at - start);
    uint64_t value = 0;
    bool out_of_range = digits.size() > 19;
    for (char d : digits) value = value * 10 + static_cast<uint64_t>(d - '0');
    if (out_of_range || value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      error_at(start, "Integer", fmt::format("strconv.ParseInt: parsing \"{}\": value out of range", digits));
      return std::numeric_limits<int64_t>::max();
    }
    return static_cast<int64_t>(value);
  }

  bool number_at(size_t& at) {  // Number = '-'? Integer ( '.' Digit+ )?
    size_t p = at;
    if (p < text_.size() && text_[p] == '-') ++p;
    if (!integer_at(p)) return false;
    if (p + 1 < text_.size() && text_[p] == '.' && boot_is_digit(text_[p + 1])) {
      ++p;
      while (p < text_.size() && boot_is_digit(text_[p])) ++p;
    }
    at = p;
    return true;
  }

  bool time_unit_at(size_t& at) const {
    for (std::string_view unit : {"ns", "us", "\xC2\xB5s", "ms", "s", "m", "h"})
      if (word_at(at, unit, false)) return true;
    return false;
  }

  std::optional<std::chrono::nanoseconds> duration_at(size_t& at) {  // Duration = ( Number TimeUnit )+
    size_t start = at, p = at;
    for (size_t q = p; number_at(q) && time_unit_at(q);) p = q;
    if (p == start) return std::nullopt;
    at = p;
    try {
      return std::chrono::nanoseconds(go_parse_duration(text_.substr(start, p - start)));
    } catch (const std::invalid_argument& e) {
      error_at(start, "Duration", e.what());
      return 0ns;
    }
  }

  // Wait = "<wait" ( Duration / Integer )? ">": a bare integer counts seconds (wrapping as Go's
  // multiplication does), while "<wait>" and "<wait0>" wait one second.
  std::optional<BootWait> wait_at(size_t& at) {
    size_t p = at;
    if (!word_at(p, "<wait", false)) return std::nullopt;
    std::chrono::nanoseconds duration = 1s;
    if (auto d = duration_at(p)) {
      duration = *d;
    } else if (auto seconds = integer_at(p); seconds && *seconds != 0) {
      duration = std::chrono::nanoseconds(static_cast<int64_t>(static_cast<uint64_t>(*seconds) * 1000000000u));
    }
    if (!word_at(p, ">", false)) return std::nullopt;
    at = p;
    return BootWait{duration};
  }

  std::optional<KeyAction> on_off_at(size_t& at) const {
    if (word_at(at, "on", true)) return KeyAction::On;
    if (word_at(at, "off", true)) return KeyAction::Off;
    return std::nullopt;
  }

  std::optional<BootCharacter> char_toggle_at(size_t& at) {  // "<" Literal ( On / Off ) ">"
    size_t p = at;
    if (!word_at(p, "<", false) || p >= text_.size()) return std::nullopt;
    char32_t character = character_at(p);
    auto action = on_off_at(p);
    if (!action || !word_at(p, ">", false)) return std::nullopt;
    at = p;
    return BootCharacter{character, *action};
  }

  std::optional<BootSpecial> special_at(size_t& at) const {  // "<" SpecialKey ( On / Off )? ">"
    size_t p = at;
    if (!word_at(p, "<", false)) return std::nullopt;
    for (std::string_view key : boot_special_keys) {
      if (!word_at(p, key, true)) continue;
      auto action = on_off_at(p).value_or(KeyAction::Press);
      if (!word_at(p, ">", false)) return std::nullopt;
      at = p;
      return BootSpecial{std::string(key), action};
    }
    return std::nullopt;
  }
};

const char* boot_action_name(KeyAction action) {
  switch (action) {
    case KeyAction::On: return "On";
    case KeyAction::Off: return "Off";
    case KeyAction::Press: break;
  }
  return "Press";
}

}  // namespace

BootCommand parse_boot_command(std::string_view text) { return BootCommandParser(text).parse(); }

std::vector<std::string> boot_command_problems(const BootCommand& command) {
  std::vector<std::string> problems;
  for (const auto& expression : command)
    if (auto wait = std::get_if<BootWait>(&expression); wait && wait->duration <= std::chrono::nanoseconds::zero())
      problems.push_back("Expecting a positive wait value. Got " + go_duration_string(wait->duration));
  return problems;
}

std::string describe(const BootExpression& expression) {
  if (auto wait = std::get_if<BootWait>(&expression)) return "Wait<" + go_duration_string(wait->duration) + ">";
  if (auto special = std::get_if<BootSpecial>(&expression))
    return fmt::format("Spec-{}({})", boot_action_name(special->action), special->name);
  const auto& character = std::get<BootCharacter>(expression);
  std::string text;
  encode_utf8(text, character.character);
  return fmt::format("LIT-{}({})", boot_action_name(character.action), text);
}

}  // namespace kiln::vnc
