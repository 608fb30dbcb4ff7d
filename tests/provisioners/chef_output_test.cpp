#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "kiln/error.hpp"
#include "kiln/value.hpp"
#include "provisioners/chef/chef_attributes.hpp"
#include "provisioners/chef/chef_options.hpp"
#include "provisioners/chef/chef_output.hpp"

using kiln::ChefFailures;
using kiln::chef_attributes;
using kiln::InterpContext;
using kiln::Value;
using Names = std::vector<std::string>;

TEST_CASE("ChefFailures: names the resource of each failure header once, indented or not") {
  ChefFailures f;
  f.see("  * execute[migrate] action run");
  f.see("    ================================================================================");
  f.see("    Error executing action `run` on resource 'execute[migrate]'");
  f.see("Error executing action `create` on resource 'file[/etc/it's.conf]'");
  f.see("    Error executing action `run` on resource 'execute[migrate]'");
  f.see("FATAL: Chef::Exceptions::ChildConvergeError: Chef run process exited unsuccessfully (exit code 1)");
  f.see("Error executing action `run` on resource ''");
  CHECK(f.resources() == Names{"execute[migrate]", "file[/etc/it's.conf]"});
  CHECK(f.describe(1) == "Non-zero exit status: 1 (failed resources: execute[migrate], file[/etc/it's.conf])");
}

TEST_CASE("ChefFailures: a run that failed before converging names none: Packer's message alone") {
  ChefFailures f;
  f.see("[2026-12-03T14:00:00+00:00] FATAL: Stacktrace dumped to /var/chef/cache/chef-stacktrace.out");
  f.see("Chef::Exceptions::CookbookNotFound: Cookbook web not found.");
  CHECK(f.resources().empty());
  CHECK(f.describe(1) == "Non-zero exit status: 1");
}

TEST_CASE("chef_attributes: Go's MarshalIndent of the attributes, run_list set only when given") {
  InterpContext interp;
  Value json = kiln::parse_json(R"({"b": {"z": 1, "a": [1.0, 2.5e-7, 1e21]}, "a<&>": "x", "run_list": ["kept"]})", "t").value;
  CHECK(chef_attributes(json, {}, interp) ==
        "{\n  \"a\\u003c\\u0026\\u003e\": \"x\",\n  \"b\": {\n    \"a\": [\n      1,\n      2.5e-7,\n      1e+21\n    ],\n"
        "    \"z\": 1\n  },\n  \"run_list\": [\n    \"kept\"\n  ]\n}");
  CHECK(chef_attributes(json, {"recipe[web]"}, interp).find("\"run_list\": [\n    \"recipe[web]\"\n  ]") !=
        std::string::npos);
  CHECK(chef_attributes(Value::object(), {}, interp) == "{}");
}

TEST_CASE("chef_attributes: the second rendering sees user variables escaped for a JSON string") {
  std::map<std::string, std::string> user{{"q", "say \"hi\" \\ there"}};
  InterpContext interp;
  interp.user = &user;
  Value json = Value::object();
  json.set("{{user `q`}}", Value::string("{{user `q`}}"));
  CHECK(chef_attributes(json, {}, interp) == "{\n  \"say \\\"hi\\\" \\\\ there\": \"say \\\"hi\\\" \\\\ there\"\n}");
  json.set("bad", Value::string("{{nope}}"));
  CHECK_THROWS_WITH_AS(chef_attributes(json, {}, interp), doctest::Contains("Error processing user variables in JSON: "),
                       kiln::Error);
}

TEST_CASE("chef_defaults: Packer's commands and staging directories per tool and guest") {
  auto unix_solo = kiln::chef_defaults("chef-solo", false);
  CHECK(unix_solo.execute_command == "{{if .Sudo}}sudo {{end}}chef-solo --no-color -c {{.ConfigPath}} -j {{.JsonPath}}");
  CHECK(unix_solo.staging_dir == "/tmp/packer-chef-solo");
  auto windows_client = kiln::chef_defaults("chef-client", true);
  CHECK(windows_client.execute_command ==
        "c:/opscode/chef/bin/chef-client.bat --no-color -c {{.ConfigPath}} -j {{.JsonPath}}");
  CHECK(windows_client.knife_command == "c:/opscode/chef/bin/knife.bat {{.Args}} {{.Flags}}");
  CHECK(windows_client.staging_dir == "C:/Windows/Temp/packer-chef-client");
}
