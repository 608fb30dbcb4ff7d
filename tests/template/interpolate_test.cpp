// Expected values marked "packer" were observed by running Packer 1.6.6 on a null build with a
// shell-local provisioner `inline: ["echo 'MARK:<expression>'"]`.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "kiln/interpolate.hpp"

using kiln::InterpContext;
using kiln::interpolate;

namespace {

InterpContext make_ctx() {
  static const std::map<std::string, std::string> vars = {{"foo", "Foo Bar"}, {"empty", ""}, {"n", "2"}};
  InterpContext ctx;
  ctx.run = kiln::make_run_constants();
  ctx.user = &vars;
  ctx.template_dir = "/srv/templates";
  ctx.build_name = "nb";
  ctx.build_type = "null";
  return ctx;
}

std::string render(std::string_view text) { return interpolate(text, make_ctx()); }

// The error message interpolate() throws, or "" when it succeeds.
std::string error_of(std::string_view text, const InterpContext& ctx) {
  try {
    interpolate(text, ctx);
  } catch (const kiln::Error& e) {
    CHECK(e.code() == kiln::ErrorCode::Template);
    return e.what();
  }
  return "";
}
std::string error_of(std::string_view text) { return error_of(text, make_ctx()); }

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

bool is_hex(std::string_view s) { return s.find_first_not_of("0123456789abcdef") == std::string_view::npos; }

// 8-4-4-4-12 lower-case hex digits.
bool uuid_shaped(const std::string& u) {
  if (u.size() != 36) return false;
  for (size_t i : {8, 13, 18, 23}) {
    if (u[i] != '-') return false;
  }
  std::string digits = u;
  std::erase(digits, '-');
  return digits.size() == 32 && is_hex(digits);
}

}  // namespace

TEST_CASE("text outside actions is copied verbatim") {
  CHECK(render("") == "");
  CHECK(render("plain } text { with }} braces") == "plain } text { with }} braces");
  CHECK(render("a{{`b`}}c{{`d`}}") == "abcd");
  CHECK(render("multi\nline {{ `x` }}\n") == "multi\nline x\n");
}

TEST_CASE("user variables, and undefined ones reported through the callback") {
  auto ctx = make_ctx();
  std::vector<std::string> undefined;
  ctx.on_undefined_user = [&](const std::string& name) { undefined.push_back(name); };
  CHECK(interpolate("{{user `foo`}}|", ctx) == "Foo Bar|");  // packer
  CHECK(interpolate("{{user `nope`}}|", ctx) == "|");        // packer
  CHECK(interpolate("[{{user \"empty\"}}]", ctx) == "[]");
  CHECK(undefined == std::vector<std::string>{"nope"});

  ctx.user = nullptr;
  CHECK(interpolate("{{user `foo`}}", ctx) == "");
  CHECK(undefined == std::vector<std::string>{"nope", "foo"});

  // The callback may turn an undefined variable into an error.
  ctx.on_undefined_user = [](const std::string& name) { throw kiln::Error("variable not set: " + name); };
  CHECK(contains(error_of("{{user `x`}}", ctx), "variable not set: x"));
}

TEST_CASE("env only where allowed, read from the context's snapshot") {
  auto ctx = make_ctx();
  ctx.environment = std::make_shared<const kiln::Environment>(
      std::map<std::string, std::string, std::less<>>{{"KILN_INTERP_TEST", "from-env"}});
  std::string err = error_of("{{env `KILN_INTERP_TEST`}}", ctx);
  CHECK(contains(err, "env"));
  CHECK(contains(err, "variables section"));
  ctx.allow_env = true;
  CHECK(interpolate("{{env `KILN_INTERP_TEST`}}", ctx) == "from-env");
  CHECK(interpolate("[{{env `KILN_INTERP_TEST_UNSET_VAR`}}]", ctx) == "[]");
  ::setenv("KILN_INTERP_TEST_LIVE", "live", 1);  // the live environment is not consulted
  CHECK(interpolate("[{{env `KILN_INTERP_TEST_LIVE`}}]", ctx) == "[]");
  ::unsetenv("KILN_INTERP_TEST_LIVE");
}

TEST_CASE("timestamp, isotime and strftime read the run's start time") {
  auto run = std::make_shared<kiln::RunConstants>();
  run->start = std::chrono::sys_days{std::chrono::year{2021} / 3 / 4} + std::chrono::hours{5} +
               std::chrono::minutes{6} + std::chrono::seconds{7} + std::chrono::milliseconds{89};
  auto ctx = make_ctx();
  ctx.run = run;
  CHECK(interpolate("{{timestamp}}", ctx) == "1614834367");
  CHECK(interpolate("{{isotime}}", ctx) == "2021-03-04T05:06:07Z");
  CHECK(interpolate("{{isotime \"2006-01-02 15:04:05.000 MST\"}}", ctx) == "2021-03-04 05:06:07.089 UTC");
  CHECK(interpolate("{{isotime `Jan _2 3PM`}}", ctx) == "Mar  4 5AM");
  CHECK(interpolate("{{strftime \"%Y%m%d-%H%M%S\"}}", ctx) == "20210304-050607");
  CHECK(contains(error_of("{{isotime \"a\" \"b\"}}", ctx), "isotime"));  // packer: too many values

  // Within one run every call agrees.
  auto live = make_ctx();
  std::string first = interpolate("{{timestamp}} {{isotime}}", live);
  CHECK(interpolate("{{timestamp}} {{isotime}}", live) == first);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  long long ts = std::stoll(first.substr(0, first.find(' ')));
  CHECK(ts <= now.count());
  CHECK(ts >= now.count() - 3600);
}

TEST_CASE("uuid is a fresh time-ordered UUID on every call") {
  std::string out = render("{{uuid}} {{uuid}}");
  std::string a = out.substr(0, 36), b = out.substr(37);
  CHECK(uuid_shaped(a));
  CHECK(uuid_shaped(b));
  CHECK(a != b);
  // packer: the first eight hex digits are the unix time of the call
  long long secs = std::stoll(a.substr(0, 8), nullptr, 16);
  CHECK(std::llabs(secs - static_cast<long long>(std::time(nullptr))) < 3600);

  auto run1 = kiln::make_run_constants();
  auto run2 = kiln::make_run_constants();
  CHECK(uuid_shaped(run1->uuid));
  CHECK(run1->uuid[14] == '4');  // version 4
  CHECK(std::string("89ab").find(run1->uuid[19]) != std::string::npos);
  CHECK(run1->uuid != run2->uuid);
}

TEST_CASE("context functions: pwd, template_dir, build_name, build_type, packer_version") {
  CHECK(render("{{pwd}}") == std::filesystem::current_path().string());
  CHECK(render("{{packer_version}}|{{build_name}}|{{build_type}}|{{template_dir}}") ==
        "1.6.6|nb|null|/srv/templates");  // packer (its template_dir was the template's folder)
  InterpContext bare;
  CHECK(contains(error_of("{{template_dir}}", bare), "template_dir"));
  CHECK(contains(error_of("{{build_name}}", bare), "build_name"));
  CHECK(contains(error_of("{{build_type}}", bare), "build_type"));
}

TEST_CASE("string functions") {
  CHECK(render("{{upper `abc é`}}|{{lower `ÀBC`}}") == "ABC É|àbc");
  CHECK(render("{{split \"a-b-c\" \"-\" 1}}") == "b");  // packer
  CHECK(render("{{split \"a-b-c\" \"-\" 0}}|{{split `abc` `` 2}}|{{split `` `-` 0}}") == "a|c|");
  CHECK(render("{{replace \"a\" \"b\" 1 \"aaa\"}}") == "baa");   // packer
  CHECK(render("{{replace \"a\" \"b\" -1 \"aaa\"}}") == "bbb");  // packer
  CHECK(render("{{replace_all \"a\" \"b\" \"aaa\"}}") == "bbb"); // packer
  CHECK(render("{{replace `` `-` 2 `abc`}}|{{replace_all `` `.` `ab`}}") == "-a-bc|.a.b.");
  CHECK(render("{{replace `x` `y` 0 `xx`}}") == "xx");
  std::string err = error_of("{{split \"a-b-c\" \"-\" 5}}");  // packer: the substring 5 was unavailable
  CHECK(contains(err, "split"));
  CHECK(contains(err, "5"));
  CHECK(contains(error_of("{{split `a` `-` -1}}"), "split"));
}

TEST_CASE("clean_resource_name follows the builder type's rule") {
  auto ctx = make_ctx();
  ctx.build_type = "amazon-ebs";
  CHECK(interpolate("{{clean_resource_name `My AMI: v1.2 (x)[y] 'q'@_/~é`}}", ctx) == "My AMI- v1.2 (x)[y] 'q'@_/---");
  CHECK(interpolate("{{isotime `2006-01-02T15:04:05Z` | clean_resource_name}}", ctx).find(':') == std::string::npos);
  CHECK(kiln::clean_resource_name("a:b") == "a-b");
  CHECK(kiln::clean_resource_name("Name With.Dots_ok-!", "azure-arm") == "Name-With.Dots_ok");
  CHECK(kiln::clean_resource_name("trailing._-", "azure-arm") == "trailing");
  CHECK(kiln::clean_resource_name("My_Image.V1", "googlecompute") == "my-image-v1");
  CHECK(kiln::clean_resource_name("ok-name-1", "googlecompute") == "ok-name-1");
  CHECK(kiln::clean_resource_name("Yc Image", "yandex") == "yc-image");
}

TEST_CASE("build: generated data, prepare-time placeholders, build-time gaps") {
  auto ctx = make_ctx();
  ctx.build = kiln::build_placeholder_data({"SourceAMI"});
  CHECK(ctx.build.count("ID") == 1);
  CHECK(ctx.build.count("PackerRunUUID") == 1);
  CHECK(ctx.build.count("SourceAMI") == 1);
  // Prepare time: a known key stays as a call for the build-time pass; an unknown one is an error.
  CHECK(interpolate("id={{build `ID`}}", ctx) == "id={{build `ID`}}");
  CHECK(contains(error_of("{{build `Nope`}}", ctx), "Nope"));  // packer: couldnt find Nope

  ctx.build = {{"ID", "Null"}, {"SourceAMI", "ami-1"}};
  ctx.build_data_final = true;
  CHECK(interpolate("{{build `ID`}}|{{build \"SourceAMI\"}}", ctx) == "Null|ami-1");  // packer: null builder ID
  CHECK(interpolate("{{build `Host`}}", ctx) == "<no value>");  // packer: null builder, no communicator
  // A re-render of a prepare-time result resolves it.
  ctx.build_data_final = false;
  CHECK(interpolate(interpolate("id={{build `ID`}}", ctx), ctx) == "id=Null");
}

TEST_CASE("interpolate_fully renders until nothing changes, interpolate renders once") {
  static const std::map<std::string, std::string> vars = {{"outer", "{{user `inner`}}!"}, {"inner", "{{upper `x`}}"}};
  auto ctx = make_ctx();
  ctx.user = &vars;
  CHECK(interpolate("{{user `outer`}}", ctx) == "{{user `inner`}}!");
  CHECK(kiln::interpolate_fully("{{user `outer`}}", ctx) == "X!");
  CHECK(kiln::interpolate_fully("plain", ctx) == "plain");
  // A prepare-time {{build}} placeholder renders to itself, which ends the loop.
  ctx.build = kiln::build_placeholder_data();
  CHECK(kiln::interpolate_fully("{{build `ID`}}", ctx) == "{{build `ID`}}");
}

TEST_CASE("interpolate_fully gives up on values that refer to themselves") {
  static const std::map<std::string, std::string> vars = {
      {"a", "{{user `b`}}"}, {"b", "{{user `a`}}"}, {"grow", "x{{user `grow`}}"}, {"double", "{{user `double`}}{{user `double`}}"}};
  auto ctx = make_ctx();
  ctx.user = &vars;
  for (const char* text : {"{{user `a`}}", "{{user `grow`}}", "{{user `double`}}"})
    CHECK_THROWS_WITH_AS(kiln::interpolate_fully(text, ctx), doctest::Contains("does not settle"), kiln::Error);
}

TEST_CASE("data fields") {
  auto ctx = make_ctx();
  ctx.data = {{"Path", "/tmp/script.sh"}, {"Vars", "A=1 B=2"}};
  CHECK(interpolate("{{.Vars}} {{.Path}}", ctx) == "A=1 B=2 /tmp/script.sh");
  CHECK(interpolate("{{ .Path }}", ctx) == "/tmp/script.sh");
  CHECK(interpolate("{{ .Name }}|{{.Foo.Bar}}", ctx) == "<no value>|<no value>");  // packer
  CHECK(interpolate("{{.Path | upper}}", ctx) == "/TMP/SCRIPT.SH");
  CHECK(interpolate("{{.}}", ctx) == "map[Path:/tmp/script.sh Vars:A=1 B=2]");
  CHECK(contains(error_of("{{.Path.Base}}", ctx), "Base"));
}

TEST_CASE("pipelines pass the value as the last argument") {
  auto ctx = make_ctx();
  std::string ts = interpolate("{{timestamp}}", ctx);
  CHECK(interpolate("{{timestamp | upper}}", ctx) == ts);                // packer
  CHECK(interpolate("{{timestamp | lower | upper}}", ctx) == ts);        // packer
  CHECK(interpolate("{{\"abc\" | upper}}", ctx) == "ABC");               // packer
  CHECK(interpolate("{{user `foo` | lower}}", ctx) == "foo bar");        // packer
  CHECK(interpolate("{{ \"a\" | replace \"a\" \"b\" 1 }}", ctx) == "b");  // packer
  CHECK(interpolate("{{(upper \"a\")}}", ctx) == "A");                   // packer
  CHECK(interpolate("{{upper (lower \"AB\")}}", ctx) == "AB");           // packer
  CHECK(interpolate("{{upper (user `foo` | lower) | lower}}", ctx) == "foo bar");
  CHECK(interpolate("{{upper build_name}}", ctx) == "NB");
  CHECK(contains(error_of("{{\"a\" | \"b\"}}", ctx), "not a function"));
}

TEST_CASE("quoting and literals") {
  CHECK(render("{{\"x\\t\\u00e9\\x41\\101\"}}") == "x\t\xc3\xa9" "AA");  // packer
  CHECK(render("{{\"q\\\"uote\\\\\"}}") == "q\"uote\\");
  CHECK(render("{{`raw \\n \"kept\"`}}") == "raw \\n \"kept\"");
  CHECK(render("{{1}}|{{1.5}}|{{true}}") == "1|1.5|true");                 // packer
  CHECK(render("{{0x1F}}|{{1e3}}|{{-3}}|{{`a`}}") == "31|1000|-3|a");      // packer
  CHECK(render("{{'a'}}|{{017}}|{{0b101}}|{{1_000}}|{{1e6}}|{{0.00001}}") == "97|15|5|1000|1e+06|1e-05");
  CHECK(render("{{split `a-b-c` `-` 1e0}}") == "b");
  CHECK(contains(error_of("{{\"bad \\q\"}}"), "escape"));
  CHECK(contains(error_of("{{\"unterminated}}"), "unterminated"));  // packer: unterminated quoted string
  CHECK(contains(error_of("{{`open}}"), "unterminated"));
}

TEST_CASE("whitespace trimming and comments") {
  CHECK(render("a {{- \"b\" -}} c") == "abc");  // packer
  CHECK(render("a \n\t{{- `b`}} \n c") == "ab \n c");
  CHECK(render("a {{`b` -}}\n\n c") == "a bc");
  CHECK(render("{{/* c */}}x") == "x");  // packer
  CHECK(render("a {{- /* note */ -}} b") == "ab");
  CHECK(render("{{-3}}") == "-3");
  CHECK(contains(error_of("a {{-\"b\"}}"), "number"));  // packer: illegal number
  CHECK(contains(error_of("{{/* open }}"), "comment"));
  CHECK(contains(error_of("{{/* c */ x}}"), "comment"));
}

TEST_CASE("if/else and Go builtins") {
  CHECK(render("{{if true}}y{{end}}") == "y");  // packer
  CHECK(render("{{if user `empty`}}y{{else}}n{{end}}") == "n");
  CHECK(render("{{if eq (user `n`) `1`}}one{{else if eq (user `n`) `2`}}two{{else}}many{{end}}") == "two");
  CHECK(render("{{if and (user `foo`) (not (user `empty`))}}ok{{end}}") == "ok");
  CHECK(render("{{or (user `empty`) `fallback`}}") == "fallback");
  CHECK(render("{{print \"a\" 1}}|{{print 1 2}}") == "a1|1 2");  // packer
  CHECK(render("{{printf \"%s-%d\" \"a\" 3}}") == "a-3");        // packer
  CHECK(render("{{printf `%q %v%%` `a` true}}") == "\"a\" true%");
  // Outputs of Go's text/template for the same actions:
  CHECK(render("{{printf \"%s\" 1 2}}") == "%!s(int=1)%!(EXTRA int=2)");
  CHECK(render("{{ 3 | printf \"%d-%s\" \"x\" }}") == "%!d(string=x)-%!s(int=3)");
  CHECK(render("{{printf \"%s\"}}") == "%!s(MISSING)");
  CHECK(render("{{print 1 `a` 2 3 `b` `c`}}|{{println 1 `a`}}") == "1a2 3bc|1 a\n");
  CHECK(render("{{1.0}}|{{-0}}|{{+5}}|{{0o17}}|{{0X1f}}|{{1_0.5}}|{{.5}}|{{1.}}") == "1|0|5|15|31|10.5|0.5|1");
  CHECK(render("{{-1e3}}|{{1e-7}}|{{123456.0}}|{{1234567.0}}") == "-1000|1e-07|123456|1.234567e+06");
  CHECK(render("{{'\\n'}}|{{'\xc3\xa9'}}|{{'\\x41'}}") == "10|233|65");
  CHECK(render("{{and 1 0 2}}|{{or 0 \"\" 3}}|{{true | not}}|{{eq `a` `b` `a`}}") == "0|3|false|true");
  CHECK(render("{{len `abc`}}|{{lt 1 2}}|{{ne `a` `a`}}") == "3|true|false");
  CHECK(contains(error_of("{{if true}}y"), "end"));
  CHECK(contains(error_of("{{end}}"), "end"));
  CHECK(contains(error_of("{{range .}}x{{end}}"), "range"));
  CHECK(contains(error_of("{{eq 1 `a`}}"), "compared"));
}

TEST_CASE("errors name what went wrong") {
  std::string err = error_of("x {{nope}}");
  CHECK(contains(err, "\"nope\""));  // packer: function "nope" not defined
  CHECK(contains(err, "1:5"));
  CHECK(contains(error_of("line1\n {{timestamp"), "unclosed action"));
  CHECK(contains(error_of("line1\n {{timestamp"), "2:2"));
  CHECK(contains(error_of("{{}}"), "missing value"));             // packer
  CHECK(contains(error_of("{{nil}}"), "nil is not a command"));   // packer
  CHECK(contains(error_of("{{upper 5}}"), "must be a string"));   // packer: expected string; found 5
  CHECK(contains(error_of("{{timestamp 1}}"), "timestamp takes 0 arguments, got 1"));  // packer
  CHECK(contains(error_of("{{lower}}"), "lower takes 1 argument, got 0"));             // packer
  CHECK(contains(error_of("{{split \"a-b\" \"-\" \"x\"}}"), "must be an integer"));   // packer
  CHECK(contains(error_of("{{split `a-b` `-` 1.5}}"), "must be an integer"));
  CHECK(error_of("{{\"a\" \"b\"}}") == "template 1:3: \"a\" is not a function and takes no arguments");  // packer: can't give argument to non-function
  CHECK(contains(error_of("{{upper\"a\"}}"), "unexpected"));
  CHECK(contains(error_of("{{$x := 1}}"), "variables"));
  CHECK(contains(error_of("{{index . `a`}}"), "index"));
  CHECK(contains(error_of("{{(upper `a`}}"), "parenthesis"));
  CHECK(contains(error_of("{{sed `s/a/b/` `x`}}"), "replace"));  // packer: sed is deprecated
}

TEST_CASE("consul_key and vault are refused, never silently empty; aws_secretsmanager only in variables") {
  auto ctx = make_ctx();
  // packer: outside the variables section all three are refused.
  CHECK(contains(error_of("{{vault `secret/x` `k`}}", ctx), "variables section"));
  CHECK(contains(error_of("{{consul_key `a/b`}}", ctx), "variables section"));
  CHECK(contains(error_of("{{aws_secretsmanager `s`}}", ctx), "variables section"));
  ctx.allow_env = true;
  CHECK(contains(error_of("{{vault `secret/x` `k`}}", ctx), "vault is not supported yet"));
  CHECK(contains(error_of("{{consul_key `a/b`}}", ctx), "consul_key is not supported yet"));
  // packer 1.6.6: no region anywhere is the SDK's MissingRegion, before any request.
  CHECK(contains(error_of("{{aws_secretsmanager `s` `k`}}", ctx), "MissingRegion"));
  CHECK(contains(error_of("{{aws_secretsmanager}}", ctx), "secret name must be provided"));
  CHECK(contains(error_of("{{aws_secretsmanager `a` `b` `c`}}", ctx), "only secret name and optional secret key"));
  CHECK(contains(error_of("{{vault `only-one`}}", ctx), "vault takes 2 arguments"));
}

TEST_CASE("nested {{if}}s, {{else if}} chains and parentheses stop at 512 levels, never overflowing the stack") {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  CHECK(interpolate(repeat("{{if true}}", 512) + "x" + repeat("{{end}}", 512), make_ctx()) == "x");
  CHECK(interpolate("{{" + repeat("(", 511) + "true" + repeat(")", 511) + "}}", make_ctx()) == "true");
  std::string ifs = error_of(repeat("{{if true}}", 100000) + repeat("{{end}}", 100000));
  CHECK(contains(ifs, "nesting deeper than 512 levels"));
  CHECK(contains(ifs, fmt::format("1:{}", 513 * 11 - 8)));  // the 513th "if"
  CHECK(contains(error_of("{{" + repeat("(", 100000) + "1" + repeat(")", 100000) + "}}"), "nesting deeper than 512 levels"));
  CHECK(contains(error_of("{{if false}}" + repeat("{{else if false}}", 100000) + "{{end}}"), "nesting deeper than 512 levels"));
  CHECK(contains(error_of(repeat("{{", 100000)), "unexpected"));
}
