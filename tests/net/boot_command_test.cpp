// Packer 1.6.6's boot_command parser and VNC typer: the cases of packer-plugin-sdk/bootcommand's tests,
// and what `packer validate` answers for the quirks (written down from runs of Packer 1.6.6).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "kiln/error.hpp"
#include "net/vnc/boot_command.hpp"
#include "net/vnc/boot_command_typer.hpp"

using namespace kiln;
using namespace kiln::vnc;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> described(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& expression : parse_boot_command(text)) out.push_back(describe(expression));
  return out;
}

std::string syntax_error(std::string_view text) {
  try {
    parse_boot_command(text);
  } catch (const BootCommandSyntaxError& e) {
    return e.what();
  }
  return "(parsed)";
}

using KeyEvents = std::vector<std::pair<uint32_t, bool>>;

struct RecordedKeys : KeyEventSink {
  KeyEvents events;
  void key_event(uint32_t keysym, bool down) override { events.emplace_back(keysym, down); }
};

KeyEvents typed(std::string_view text) {
  RecordedKeys keys;
  type_boot_command(parse_boot_command(text), keys, 0ns, CancelToken());
  return keys.events;
}

constexpr uint32_t shift = 0xFFE1;

Environment key_interval_env(const char* value) {
  return Environment(std::map<std::string, std::string, std::less<>>{{"PACKER_KEY_INTERVAL", value}});
}

}  // namespace

TEST_CASE("boot_command: waits, characters, toggles and special keys as Packer's Test_parse") {
  std::string in = "<wait><wait20><wait3s><wait4m2ns>";
  in += "foo/bar > one \xE7\x95\x8C";
  in += "<fon> b<fOff>";
  in += "<foo><f3><f12><spacebar><leftalt><rightshift><rightsuper>";
  std::vector<std::string> expected = {
      "Wait<1s>",     "Wait<20s>",    "Wait<3s>",     "Wait<4m0.000000002s>",
      "LIT-Press(f)", "LIT-Press(o)", "LIT-Press(o)", "LIT-Press(/)",
      "LIT-Press(b)", "LIT-Press(a)", "LIT-Press(r)", "LIT-Press( )",
      "LIT-Press(>)", "LIT-Press( )", "LIT-Press(o)", "LIT-Press(n)",
      "LIT-Press(e)", "LIT-Press( )", "LIT-Press(\xE7\x95\x8C)", "LIT-On(f)",
      "LIT-Press( )", "LIT-Press(b)", "LIT-Off(f)",   "LIT-Press(<)",
      "LIT-Press(f)", "LIT-Press(o)", "LIT-Press(o)", "LIT-Press(>)",
      "Spec-Press(f3)", "Spec-Press(f12)", "Spec-Press(spacebar)", "Spec-Press(leftalt)",
      "Spec-Press(rightshift)", "Spec-Press(rightsuper)"};
  CHECK(described(in) == expected);
}

TEST_CASE("boot_command: special key names and On/Off in any case") {
  CHECK(described("<rightShift><rightshift><RIGHTSHIFT>") ==
        std::vector<std::string>(3, "Spec-Press(rightshift)"));
  CHECK(described("<delon><delON><deLoN><DELON>") == std::vector<std::string>(4, "Spec-On(del)"));
  CHECK(described("<enteroff><enterOFF><eNtErOfF><ENTEROFF>") == std::vector<std::string>(4, "Spec-Off(enter)"));
  // The longer name first: <f10> is F10, not F1 and "0>"; <left> after <leftAlt> … still matches.
  CHECK(described("<f10><f1><left><leftCtrlOn>") ==
        std::vector<std::string>{"Spec-Press(f10)", "Spec-Press(f1)", "Spec-Press(left)", "Spec-On(leftctrl)"});
}

TEST_CASE("boot_command: what is not an expression is typed as it stands") {
  // "wait" is case-sensitive; "menu" has a keysym but no place in the grammar; an unknown name,
  // a lone "<" and "<wait05>" (Integer is "0" or starts 1-9) are characters.
  CHECK(described("<WAIT>").size() == 6);
  CHECK(described("<menu>").size() == 6);
  CHECK(described("<enterx>").size() == 8);
  CHECK(described("<") == std::vector<std::string>{"LIT-Press(<)"});
  CHECK(described("<wait05>").size() == 8);
  CHECK(described("<wait3m-1>").size() == 10);  // "3m" read, then no ">": no wait at all
  CHECK(parse_boot_command("").empty());
}

TEST_CASE("boot_command: wait lengths") {
  CHECK(described("<wait0>") == std::vector<std::string>{"Wait<1s>"});  // the "0" alternative carries no value
  CHECK(described("<wait5><wait10><wait0.5s><wait1m30s><wait1h>") ==
        std::vector<std::string>{"Wait<5s>", "Wait<10s>", "Wait<500ms>", "Wait<1m30s>", "Wait<1h0m0s>"});
  CHECK(described("<wait2\xC2\xB5s><wait3us>") == std::vector<std::string>{"Wait<2\xC2\xB5s>", "Wait<3\xC2\xB5s>"});
  // Seconds times 1e9 wrap around as Go's int64 multiplication does; Packer accepts the result.
  CHECK(boot_command_problems(parse_boot_command("<wait9999999999999>")).empty());
}

TEST_CASE("boot_command: Packer's validation of waits") {
  CHECK(boot_command_problems(parse_boot_command("<wait1m><f1><")).empty());
  CHECK(boot_command_problems(parse_boot_command("<wait-1m>")) ==
        std::vector<std::string>{"Expecting a positive wait value. Got -1m0s"});
  CHECK(boot_command_problems(parse_boot_command("<wait0s>x<wait-0s>")) ==
        std::vector<std::string>{"Expecting a positive wait value. Got 0s", "Expecting a positive wait value. Got 0s"});
}

TEST_CASE("boot_command: syntax errors as pigeon words them, with line:column (byte offset)") {
  CHECK(syntax_error("<wait1m-2s>") == "1:6 (5): rule Duration: time: unknown unit \"m-\" in duration \"1m-2s\"");
  CHECK(syntax_error("ab<wait9999999h>") == "1:8 (7): rule Duration: time: invalid duration \"9999999h\"");
  CHECK(syntax_error("<wait99999999999999999999>") ==
        "1:6 (5): rule Integer: strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
  CHECK(syntax_error("<wait99999999999999999999s>") ==
        "1:6 (5): rule Integer: strconv.ParseInt: parsing \"99999999999999999999\": value out of range\n"
        "1:6 (5): rule Duration: time: invalid duration \"99999999999999999999s\"");
  CHECK(syntax_error("<wait1m-2s><wait2h-1s>") ==
        "1:6 (5): rule Duration: time: unknown unit \"m-\" in duration \"1m-2s\"\n"
        "1:17 (16): rule Duration: time: unknown unit \"h-\" in duration \"2h-1s\"");
  // Columns count characters, offsets bytes; a newline starts line 2.
  CHECK(syntax_error("\xC3\xA9<wait1m-2s>") ==
        "1:7 (7): rule Duration: time: unknown unit \"m-\" in duration \"1m-2s\"");
  CHECK(syntax_error("x\n<wait1m-2s><wait-5s>") ==
        "2:6 (7): rule Duration: time: unknown unit \"m-\" in duration \"1m-2s\"");
  // Every invalid byte is an error at its own place, however many there are (each error's place was
  // counted from the start: 100,000 of them took hours).
  std::string errors = syntax_error("x\n" + std::string(100000, '\xFF') + "<wait1m-2s>");
  CHECK(std::count(errors.begin(), errors.end(), '\n') == 100000);
  CHECK(errors.starts_with("2:1 (2): invalid encoding\n2:2 (3): invalid encoding\n"));
  CHECK(errors.ends_with("\n2:100000 (100001): invalid encoding\n"
                         "2:100006 (100007): rule Duration: time: unknown unit \"m-\" in duration \"1m-2s\""));
}

TEST_CASE("boot_command typer: keysyms, and Shift around upper case and shifted symbols") {
  CHECK(typed("aB:") == KeyEvents{{'a', true}, {'a', false},
                                  {shift, true}, {'B', true}, {'B', false}, {shift, false},
                                  {shift, true}, {':', true}, {':', false}, {shift, false}});
  CHECK(typed("\xC3\x89") == KeyEvents{{shift, true}, {0xC9, true}, {0xC9, false}, {shift, false}});  // É
  CHECK(typed("<enter><bs><f12><spacebar><esc><tab>") ==
        KeyEvents{{0xFF0D, true}, {0xFF0D, false}, {0xFF08, true}, {0xFF08, false}, {0xFFC9, true}, {0xFFC9, false},
                  {0x20, true},   {0x20, false},   {0xFF1B, true}, {0xFF1B, false}, {0xFF09, true}, {0xFF09, false}});
  CHECK(typed("<leftCtrlOn>c<leftCtrlOff>") ==
        KeyEvents{{0xFFE3, true}, {'c', true}, {'c', false}, {0xFFE3, false}});
  // Packer's Test_vncSpecialLookup.
  CHECK(typed("<rightShift><rightshiftoff><RIGHTSHIFTON>") ==
        KeyEvents{{0xFFE2, true}, {0xFFE2, false}, {0xFFE2, false}, {0xFFE2, true}});
  // A held shifted character: Shift goes down first and comes up first.
  CHECK(typed("<AOn><AOff>") == KeyEvents{{shift, true}, {'A', true}, {shift, false}, {'A', false}});
}

TEST_CASE("boot_command typer: the pause between keys") {
  CHECK(boot_key_interval(0ns, Environment()) == 100ms);
  CHECK(boot_key_interval(5000ms, Environment()) == 5000ms);
  CHECK(boot_key_interval(0ns, key_interval_env("10ms")) == 10ms);
  CHECK(boot_key_interval(20ms, key_interval_env("10ms")) == 20ms);
  CHECK(boot_key_interval(0ns, key_interval_env("fast")) == 100ms);
}

TEST_CASE("boot_command typer: problems stop it before the first key; cancel and a failing sink stop it") {
  RecordedKeys keys;
  CHECK_THROWS_WITH_AS(type_boot_command(parse_boot_command("ab<wait-1s>"), keys, 0ns, CancelToken()),
                       "invalid boot command: Expecting a positive wait value. Got -1s", Error);
  CHECK(keys.events.empty());

  CancelSource source;
  source.cancel();
  CHECK_THROWS_AS(type_boot_command(parse_boot_command("<wait10m>"), keys, 0ns, source.token()), Cancelled);
  CHECK(keys.events.empty());

  struct FailingKeys : KeyEventSink {
    int calls = 0;
    void key_event(uint32_t, bool) override {
      if (++calls == 3) throw Error("VNC gone");
    }
  } failing;
  CHECK_THROWS_WITH(type_boot_command(parse_boot_command("abcdef"), failing, 0ns, CancelToken()), "VNC gone");
  CHECK(failing.calls == 3);
}
