// The encoding functions.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("base64encode") {
  check_cases({
      {R"(base64encode("Hello World"))", R"("SGVsbG8gV29ybGQ=")"},
      {R"(base64encode(""))", R"("")"},
      {R"(base64encode("☃"))", R"("4piD")"},
  });
}

TEST_CASE("base64decode") {
  check_cases({
      {R"(base64decode("SGVsbG8gV29ybGQ="))", R"("Hello World")"},
      {R"(base64decode("4piD"))", R"("☃")"},
      {R"(base64decode("SGk=\n"))", R"("Hi")"},
      {R"(base64decode("no"))", "error: failed to decode base64 data 'no'"},
      {R"(base64decode("SGk"))", "error: failed to decode base64 data"},
      {R"(base64decode("/w=="))", "error: are not valid UTF-8"},
  });
}

TEST_CASE("base64gzip") {
  check_cases({
      // A gzip header as Go writes it (no name, no time, unknown OS), base64-encoded.
      {R"(substr(base64gzip("hello"), 0, 13))", R"("H4sIAAAAAAAA/")"},
      {R"(base64gzip("") == base64gzip(""))", "true"},
  });
}

TEST_CASE("urlencode") {
  check_cases({
      {R"(urlencode("Hello World!"))", R"("Hello+World%21")"},
      {R"(urlencode("☃"))", R"("%E2%98%83")"},
      {R"(urlencode("a/b?c=d&e"))", R"("a%2Fb%3Fc%3Dd%26e")"},
      {R"(urlencode("-_.~"))", R"("-_.~")"},
  });
}

TEST_CASE("csvdecode") {
  check_cases({
      {R"(csvdecode("a,b,c\n1,2,3\n4,5,6"))", R"(list[{a = "1", b = "2", c = "3"}, {a = "4", b = "5", c = "6"}])"},
      {R"(csvdecode("a,b\r\n1,2\r\n"))", R"(list[{a = "1", b = "2"}])"},
      {R"(csvdecode("a\n\"x,y\""))", R"(list[{a = "x,y"}])"},
      {R"(csvdecode("a\n\"say \"\"hi\"\"\""))", R"(list[{a = "say \"hi\""}])"},
      {R"(csvdecode("a,b"))", "list[]"},
      {R"(csvdecode("a,b\n1"))", "error: record on line 2: wrong number of fields"},
      {R"(csvdecode(""))", "error: missing header line"},
      {R"(csvdecode("a\nx\"y"))", "error: bare \" in non-quoted-field"},
  });
}

TEST_CASE("textencodebase64 and textdecodebase64") {
  check_cases({
      {R"(textencodebase64("Hello World", "UTF-16LE"))", R"("SABlAGwAbABvACAAVwBvAHIAbABkAA==")"},
      {R"(textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE"))", R"("Hello World")"},
      {R"(textdecodebase64(textencodebase64("é☃😀", "UTF-16BE"), "UTF-16BE"))", R"("é☃😀")"},
      {R"(textencodebase64("é", "ISO-8859-1"))", R"("6Q==")"},
      {R"(textencodebase64("A", "UTF-16"))", R"("/v8AQQ==")"},
      {R"(textdecodebase64("/v8AQQ==", "UTF-16"))", R"("A")"},
      {R"(textdecodebase64("//5BAA==", "UTF-16"))", R"("A")"},
      {R"(textdecodebase64("AEE=", "UTF-16"))", R"("A")"},
      {R"(textencodebase64("☃", "ISO-8859-1"))", "error: cannot be represented in ISO-8859-1"},
      {R"(textencodebase64("x", "EBCDIC-nope"))", "error: is not a supported IANA encoding name or alias"},
  });
}

}  // namespace kiln::hcl::test
