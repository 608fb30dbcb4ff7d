// The IP network functions.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("cidrhost") {
  check_cases({
      {R"(cidrhost("10.12.112.0/20", 16))", R"("10.12.112.16")"},
      {R"(cidrhost("10.12.112.0/20", 268))", R"("10.12.113.12")"},
      {R"(cidrhost("fd00:fd12:3456:7890:00a2::/72", 34))", R"("fd00:fd12:3456:7890::22")"},
      {R"(cidrhost("10.0.0.0/30", -1))", R"("10.0.0.3")"},
      {R"(cidrhost("10.0.0.7/30", 1))", R"("10.0.0.5")"},
      {R"(cidrhost("10.0.0.0/30", 4))", "error: prefix of 30 does not accommodate a host numbered 4"},
      {R"(cidrhost("nope", 1))", "error: invalid CIDR expression: invalid CIDR address: nope"},
      {R"(cidrhost("10.0.0.0/33", 1))", "error: invalid CIDR expression"},
  });
}

TEST_CASE("cidrnetmask") {
  check_cases({
      {R"(cidrnetmask("172.16.0.0/12"))", R"("255.240.0.0")"},
      {R"(cidrnetmask("10.0.0.0/32"))", R"("255.255.255.255")"},
      {R"(cidrnetmask("0.0.0.0/0"))", R"("0.0.0.0")"},
  });
}

TEST_CASE("cidrsubnet") {
  check_cases({
      {R"(cidrsubnet("172.16.0.0/12", 4, 2))", R"("172.18.0.0/16")"},
      {R"(cidrsubnet("10.1.2.0/24", 4, 15))", R"("10.1.2.240/28")"},
      {R"(cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162))", R"("fd00:fd12:3456:7800:a200::/72")"},
      {R"(cidrsubnet("10.0.0.0/30", 4, 0))", "error: insufficient address space to extend prefix of 30 by 4"},
      {R"(cidrsubnet("10.0.0.0/8", 2, 4))", "error: prefix extension of 2 does not accommodate a subnet numbered 4"},
  });
}

TEST_CASE("cidrsubnets") {
  check_cases({
      {R"(cidrsubnets("10.1.0.0/16", 4, 4, 8, 4))", R"(list["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])"},
      {R"(cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32))",
       R"(list["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"])"},
      {R"(cidrsubnets("10.0.0.0/8"))", "list[]"},
      {R"(cidrsubnets("10.0.0.0/30", 1, 1, 1))",
       "error: not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31"},
      {R"(cidrsubnets("10.0.0.0/8", 0))", "error: must extend prefix by at least one bit"},
      {R"(cidrsubnets("10.0.0.0/30", 3))", "error: would extend prefix to 33 bits, which is too long for an IPv4 address"},
  });
}

}  // namespace kiln::hcl::test
