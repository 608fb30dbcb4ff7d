#include <doctest/doctest.h>

#include "util/go_version.hpp"

using namespace kiln;

namespace {

bool meets(const char* version, const char* constraints) {
  std::string malformed;
  auto c = parse_go_constraints(constraints, malformed);
  REQUIRE_MESSAGE(c, constraints);
  return satisfies(*parse_go_version(version), *c);
}

}  // namespace

// As hashicorp/go-version reads them (its version_test.go and constraint_test.go cover the same ground).
TEST_CASE("versions parse as go-version's NewVersion does") {
  CHECK(parse_go_version("1.7")->str() == "1.7.0");
  CHECK(parse_go_version("v1.6.6")->str() == "1.6.6");
  CHECK(parse_go_version("1.2.3.4")->str() == "1.2.3.4");
  CHECK(parse_go_version("1.0-beta.1+abc")->str() == "1.0.0-beta.1+abc");
  CHECK(parse_go_version("1.0beta")->prerelease == "beta");
  for (const char* bad : {"", "abc", "1.2.x", ">= 1.0", "1.", ".1", "1..2", "99999999999999999999"})
    CHECK_MESSAGE(!parse_go_version(bad), bad);
}

// The corners of go-version's regular expression, as Go's leftmost-first matching resolves them.
TEST_CASE("a dash that starts no prerelease of its own is the prerelease, as in go-version") {
  CHECK(parse_go_version("1.2-")->prerelease == "-");
  CHECK(parse_go_version("1.2-.x")->prerelease == "-.x");
  CHECK(parse_go_version("1.2--x")->prerelease == "-x");
  CHECK(parse_go_version("1.2-3abc")->prerelease == "3abc");
  CHECK(parse_go_version("1.2~x+y.z")->metadata == "y.z");
  for (const char* bad : {"1.2-beta..1", "1+", "1+a.", "1.2-x+", "v"}) CHECK_MESSAGE(!parse_go_version(bad), bad);
}

TEST_CASE("a version of millions of characters is an answer, not a stack overflow") {
  std::string digits = "1." + std::string(2'000'000, '1');  // beyond int64: malformed, as for go-version
  CHECK(!parse_go_version(digits));
  std::string segments = "1";
  for (int i = 0; i < 500'000; ++i) segments += ".1";
  REQUIRE(parse_go_version(segments));
  CHECK(parse_go_version(segments)->segments.size() == 500'001);
  std::string malformed;
  CHECK(!parse_go_constraints(">= " + digits, malformed));
  CHECK(malformed == ">= " + digits);
}

TEST_CASE("ordering: segments numerically, a prerelease before its release, metadata ignored") {
  auto v = [](const char* s) { return *parse_go_version(s); };
  CHECK(compare(v("1.10"), v("1.9")) > 0);
  CHECK(compare(v("1.7"), v("1.7.0")) == 0);
  CHECK(compare(v("1.7.0-rc1"), v("1.7.0")) < 0);
  CHECK(compare(v("1.7.0-alpha.2"), v("1.7.0-alpha.10")) < 0);
  CHECK(compare(v("1.7.0-1"), v("1.7.0-alpha")) < 0);
  CHECK(compare(v("1.7.0+a"), v("1.7.0+b")) == 0);
}

TEST_CASE("constraints") {
  CHECK(meets("1.6.6", ">= 1.2, < 2"));
  CHECK_FALSE(meets("1.6.6", ">= 1.7"));
  CHECK(meets("1.6.6", "1.6.6"));
  CHECK(meets("1.6.6", "=1.6.6"));
  CHECK_FALSE(meets("1.6.6", "!= 1.6.6"));
  CHECK(meets("1.6.6", "> 1.6.5, <= 1.6.6"));
  CHECK(meets("1.6.6", "~> 1.6"));
  CHECK(meets("1.9.0", "~> 1.6"));
  CHECK_FALSE(meets("2.0.0", "~> 1.6"));
  CHECK(meets("1.6.6", "~> 1.6.0"));
  CHECK_FALSE(meets("1.7.0", "~> 1.6.0"));
  CHECK_FALSE(meets("1.6.6", "~> 1.6.7"));
  // A release meets a prerelease constraint; a prerelease only one naming its own segments.
  CHECK(meets("1.6.6", ">= 1.6.6-beta"));
  CHECK_FALSE(meets("1.7.0-beta", ">= 1.6"));
  CHECK(meets("1.7.0-beta2", ">= 1.7.0-beta1"));
}

TEST_CASE("malformed constraints name the part that fails") {
  std::string malformed;
  CHECK_FALSE(parse_go_constraints(">= 1.2, bogus", malformed));
  CHECK(malformed == " bogus");
  CHECK_FALSE(parse_go_constraints("", malformed));
  CHECK_FALSE(parse_go_constraints("=> 1.0", malformed));
  CHECK_FALSE(parse_go_constraints(">= 1.6.x", malformed));
}
