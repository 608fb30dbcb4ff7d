#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hcl/token.hpp"
#include "support.hpp"

using namespace kiln::hcl;

namespace {

// "type@line,col-line,col" per token, Eof left out.
std::vector<std::string> positions(const std::string& source) {
  LexResult r = lex(source, "l.hcl");
  std::vector<std::string> out;
  for (const Token& t : r.tokens) {
    if (t.type == TokenType::Eof) break;
    out.push_back(std::string(t.text) + "@" + std::to_string(t.start.line) + "," + std::to_string(t.start.column) +
                  "-" + std::to_string(t.end.line) + "," + std::to_string(t.end.column));
  }
  return out;
}

}  // namespace

TEST_CASE("hcl tokens keep 1-based line and column, counting characters as HCL does") {
  using V = std::vector<std::string>;
  CHECK_EQ(positions("a = 1\nbb = \"x\""),
           V{"a@1,1-1,2", "=@1,3-1,4", "1@1,5-1,6", "\n@1,6-2,1", "bb@2,1-2,3", "=@2,4-2,5", "\"@2,6-2,7",
             "x@2,7-2,8", "\"@2,8-2,9"});
  // é is two bytes, one column; e + combining acute is one column; a flag is two regional indicators
  // in one column; a family emoji joined by zero-width joiners is one column.
  CHECK_EQ(positions("\"\xC3\xA9\" x"), V{"\"@1,1-1,2", "\xC3\xA9@1,2-1,3", "\"@1,3-1,4", "x@1,5-1,6"});
  CHECK_EQ(positions("\"e\xCC\x81\" x"), V{"\"@1,1-1,2", "e\xCC\x81@1,2-1,3", "\"@1,3-1,4", "x@1,5-1,6"});
  CHECK_EQ(positions("\"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\" x"),
           V{"\"@1,1-1,2", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9@1,2-1,3", "\"@1,3-1,4", "x@1,5-1,6"});
  // Byte offsets stay byte offsets.
  LexResult r = lex("\"\xC3\xA9\" x", "l.hcl");
  CHECK_EQ(r.tokens[3].start.byte, 5u);
}

TEST_CASE("hcl lexer: identifiers with dashes, numbers, operators, comments") {
  LexResult r = lex("post-processor 1.5e3 <= >= == != && || => ... # c\n// d\n/* e\n */ x", "l.hcl");
  CHECK(r.diagnostics.empty());
  std::vector<TokenType> types;
  for (const Token& t : r.tokens) types.push_back(t.type);
  using T = TokenType;
  CHECK_EQ(types, std::vector<T>{T::Identifier, T::Number, T::LessEqual, T::GreaterEqual, T::EqualOp, T::NotEqual,
                                 T::And, T::Or, T::FatArrow, T::Ellipsis, T::Newline, T::Newline, T::Identifier,
                                 T::Eof});
  CHECK_EQ(r.tokens[0].text, "post-processor");
  CHECK_EQ(r.tokens[1].text, "1.5e3");
  CHECK_EQ(r.tokens[12].start.line, 4);
  CHECK_EQ(r.tokens[12].start.column, 5);
}

TEST_CASE("hcl lexer skips a byte order mark opening the file, as HCL does, and only there") {
  using V = std::vector<std::string>;
  CHECK_EQ(positions("\xEF\xBB\xBF" "a = 1"), V{"a@1,1-1,2", "=@1,3-1,4", "1@1,5-1,6"});
  CHECK_EQ(lex("\xEF\xBB\xBF" "a = 1", "l.hcl").tokens[0].start.byte, 3u);
  LexResult r = lex("a = 1\n\xEF\xBB\xBF", "l.hcl");
  REQUIRE_EQ(r.diagnostics.size(), 1u);
  CHECK_EQ(r.diagnostics[0].str(), "l.hcl:2,1-2: Invalid character; This character is not used within the language.");
}

TEST_CASE("hcl lexer reports bad characters and encodings instead of failing") {
  LexResult r = lex("a = 'x'\nb = 1;\nc = \xFF\xFE 2\n\"\xC3(\"", "l.hcl");
  std::vector<std::string> problems;
  for (const Diagnostic& d : r.diagnostics) problems.push_back(d.str());
  CHECK_EQ(problems,
           std::vector<std::string>{
               "l.hcl:1,5-6: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings.",
               "l.hcl:1,7-8: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings.",
               "l.hcl:2,6-7: Invalid character; The \";\" character is not valid. Use newlines to separate arguments "
               "and blocks, and commas to separate items in collection values.",
               "l.hcl:3,5-7: Invalid character encoding; All input files must be UTF-8 encoded. Ensure that UTF-8 "
               "encoding is selected in your editor.",
               "l.hcl:4,2-3: Invalid character encoding; All input files must be UTF-8 encoded. Ensure that UTF-8 "
               "encoding is selected in your editor.",
           });
  CHECK_EQ(r.tokens.back().type, TokenType::Eof);
}

TEST_CASE("hcl lexer: an unterminated comment names where it opened") {
  LexResult r = lex("a = 1\n  /* never\nclosed", "l.hcl");
  REQUIRE_EQ(r.diagnostics.size(), 1u);
  CHECK_EQ(r.diagnostics[0].str(),
           "l.hcl:2,3-5: Unterminated comment; No closing \"*/\" was found for the comment that starts at l.hcl:2,3.");
  CHECK(r.truncated);
}
