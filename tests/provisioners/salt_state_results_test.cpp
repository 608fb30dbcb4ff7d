#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "provisioners/salt/salt_state_results.hpp"

using namespace kiln;

namespace {

std::vector<std::string> failed_in(const std::string& output) {
  SaltStateResults results;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) results.see(line);
  return results.failed();
}

}  // namespace

TEST_CASE("salt state results: the IDs of the states whose result is False, in order") {
  // salt-call's nested outputter, as 3007 prints it (CRLF lines from a pty included).
  std::string output =
      "local:\n"
      "----------\n"
      "          ID: this one works\n"
      "    Function: cmd.run\n"
      "        Name: true\n"
      "      Result: True\n"
      "     Comment: Command \"true\" run\n"
      "----------\n"
      "          ID: this one breaks\n"
      "    Function: cmd.run\n"
      "        Name: false\n"
      "      Result: False\r\n"
      "     Comment: Command \"false\" run\n"
      "----------\n"
      "          ID: only in test mode\n"
      "    Function: file.managed\n"
      "      Result: None\n"
      "----------\n"
      "          ID: requisite of a failure\n"
      "    Function: file.managed\n"
      "      Result: False\n"
      "     Comment: One or more requisite failed: failing.this one breaks\n"
      "\n"
      "Summary for local\n"
      "Succeeded: 1 (changed=1)\n"
      "Failed:    2\n";
  CHECK(failed_in(output) == std::vector<std::string>{"this one breaks", "requisite of a failure"});
}

TEST_CASE("salt state results: nothing failed when no state ran (a render error names no state)") {
  CHECK(failed_in("local:\n    Data failed to compile:\n----------\n    No matching sls found for 'nope' in env 'base'\n")
            .empty());
  CHECK(failed_in("      Result: False\n").empty());
  CHECK(failed_in("          ID: fine\n      Result: True\n").empty());
}
