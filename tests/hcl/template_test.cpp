#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

using namespace kiln::hcl;
using kiln::hcl::test::parsed;

namespace {

struct TemplateCase {
  const char* source;
  const char* tree;
};

std::string only_problem(const std::string& source) {
  ParsedExpr p = parse_expression(source, "t.hcl");
  INFO(source);
  REQUIRE_EQ(p.diagnostics.size(), 1u);
  return p.diagnostics[0].str();
}

}  // namespace

TEST_CASE("hcl quoted templates: escapes, interpolations, directives and strip markers") {
  const TemplateCase cases[] = {
      {R"("a\nb\tc\"d\\e\r")", R"((template "a\nb\tc\"d\\e\r"))"},
      {R"("\u00e9\U0001F600")", "(template \"\xC3\xA9\xF0\x9F\x98\x80\")"},
      {R"("$${not} %%{this}")", R"((template "${not} %{this}"))"},
      {R"("cost: $5 and 100%")", R"((template "cost: $5 and 100%"))"},
      {R"("MARK:${source.name} ${var.n + 1}")", R"((template "MARK:" (. source name) " " (+ (. var n) 1)))"},
      {R"("${x}")", "(template x)"},
      {R"("${ {a = 1}.a }")", R"((template (. (object ("a" 1)) a)))"},
      {R"("${"inner ${y}"}")", R"((template (template "inner " y)))"},
      {R"("a ${~ x ~} b")", R"((template "a" x "b"))"},
      {R"("%{ if c }yes%{ else }no%{ endif }")", R"((template (if c (template "yes") (template "no"))))"},
      {R"("%{ if c }yes%{ endif }")", R"((template (if c (template "yes"))))"},
      {R"("%{ for x in xs }[${x}]%{ endfor }")", R"((template (for-each x in xs (template "[" x "]"))))"},
      {R"("%{ for k, v in m }${k}=${v},%{ endfor }")",
       R"((template (for-each k v in m (template k "=" v ","))))"},
      {R"("%{for x in xs}%{if x}a%{else}b%{endif}%{endfor}")",
       R"((template (for-each x in xs (template (if x (template "a") (template "b"))))))"},
      {R"("x %{~ if c ~} y %{~ endif ~} z")", R"((template "x" (if c (template "y")) "z"))"},
  };
  for (const TemplateCase& c : cases) CHECK_EQ(parsed(c.source), c.tree);
}

TEST_CASE("hcl heredocs: plain and indented, with interpolations") {
  const TemplateCase cases[] = {
      {"<<EOT\nFoo\nBar\nEOT", R"((template "Foo\n" "Bar\n"))"},
      {"<<EOT\n    Foo\n      Bar\n  EOT", R"((template "    Foo\n" "      Bar\n"))"},
      {"<<EOT\n    NOT EOT\n  EOT", R"((template "    NOT EOT\n"))"},
      {"<<-EOT\n    Foo\n      Bar\n    Baz\n  EOT", R"((template "Foo\n" "  Bar\n" "Baz\n"))"},
      {"<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT", R"((template "  Foo\n" "Bar\n" "  Baz\n"))"},
      {"<<-EOT\n    Foo\n\n    Bar\n  EOT", R"((template "Foo\n" "\n" "Bar\n"))"},
      {"<<-EOT\n    Foo\n    ${bar}\n    Baz\n  EOT", R"((template "Foo\n" bar "\n" "Baz\n"))"},
      {"<<-EOT\n    Foo\n${bar}\n    Baz\nEOT", R"((template "    Foo\n" bar "\n" "    Baz\n"))"},
      {"<<-EOT\n\tFoo\n\t Bar\nEOT", R"((template "Foo\n" " Bar\n"))"},
      {"<<EOT\n$${x} \\n %{ if c }y%{ endif }\nEOT", R"((template "${x} \\n " (if c (template "y")) "\n"))"},
      {"<<EOT\nEOT", "(template)"},
  };
  for (const TemplateCase& c : cases) CHECK_EQ(parsed(c.source), c.tree);
}

TEST_CASE("hcl template problems name where the construct opened") {
  CHECK_EQ(only_problem("\"abc"), "t.hcl:1,1-2: Unterminated template string; No closing marker was found for the "
                                  "string that starts at t.hcl:1,1.");
  CHECK_EQ(only_problem("\"a ${b"), "t.hcl:1,4-6: Unterminated template interpolation; No closing brace was found "
                                    "for the interpolation sequence that starts at t.hcl:1,4.");
  CHECK_EQ(only_problem("\"a %{ if b"), "t.hcl:1,4-6: Unterminated template directive; No closing brace was found "
                                          "for the template directive that starts at t.hcl:1,4.");
  CHECK_EQ(only_problem("<<EOT\nabc\n"), "t.hcl:1,1-2,1: Unterminated template string; No closing marker \"EOT\" "
                                         "was found for the heredoc that starts at t.hcl:1,1.");
  CHECK_EQ(only_problem("\"%{ if a }x\""), "t.hcl:1,2-11: Unterminated template if directive; The if directive that "
                                           "starts at t.hcl:1,2 has no matching endif.");
  CHECK_EQ(only_problem("\"%{ for a in b }x%{ endif }\""),
           "t.hcl:1,18-28: Unexpected endif directive; An endif directive closes an open if directive.");
  CHECK_EQ(only_problem("\"x%{ else }\""),
           "t.hcl:1,3-12: Unexpected else directive; An else directive belongs inside an if directive.");
  CHECK_EQ(only_problem("\"%{ when }\""), "t.hcl:1,5-9: Invalid template directive; \"when\" is not a template "
                                          "directive; use if, else, endif, for or endfor.");
  CHECK_EQ(only_problem("\"${a b}\""), "t.hcl:1,6-7: Extra characters after interpolation expression; Expected a "
                                       "closing brace to end the sequence, but found extra characters.");
  CHECK_EQ(only_problem(R"("bad \q escape")"),
           "t.hcl:1,6-8: Invalid escape sequence; The symbol \"q\" is not a valid escape sequence selector.");
  CHECK_EQ(only_problem(R"("\u12")"),
           "t.hcl:1,2-6: Invalid escape sequence; The \\u escape sequence requires 4 hexadecimal digits.");
  CHECK_EQ(only_problem(R"("\UFFFFFFFF")"),
           "t.hcl:1,2-12: Invalid escape sequence; The escape sequence \"\\UFFFFFFFF\" is not a valid Unicode "
           "character.");
  CHECK_EQ(only_problem("<<EOT x\nEOT"), "t.hcl:1,1-6: Invalid heredoc; A heredoc starts with \"<<\" or \"<<-\", then "
                                         "a marker identifier, then a newline right away.");
}
