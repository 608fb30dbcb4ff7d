#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "aws/region.hpp"
#include "support.hpp"

using namespace kiln;
using namespace kiln::aws;

TEST_CASE("region: template, then AWS_REGION, then AWS_DEFAULT_REGION, then the shared config file") {
  test::TempDir dir;
  std::string config = dir.path() + "/config";
  std::ofstream(config) << "[default]\nregion = eu-west-1\n\n[profile build]\n# a comment\n region=ap-south-1 \n"
                           "[bare]\nregion = ca-central-1\n[profile noregion]\noutput = json\n";
  std::map<std::string, std::string> env{{"AWS_REGION", "us-west-2"},
                                         {"AWS_DEFAULT_REGION", "us-east-2"},
                                         {"AWS_CONFIG_FILE", config},
                                         {"HOME", dir.path() + "/nohome"}};
  auto region = [&](std::string tmpl, std::string profile = "") {
    Environment e = test::env_of(env);
    return resolve_region({std::move(tmpl), std::move(profile), &e});
  };
  CHECK(region("sa-east-1") == "sa-east-1");
  CHECK(region("") == "us-west-2");
  env.erase("AWS_REGION");
  CHECK(region("") == "us-east-2");
  env.erase("AWS_DEFAULT_REGION");
  CHECK(region("") == "eu-west-1");                    // [default]
  CHECK(region("", "build") == "ap-south-1");          // [profile build], from the template's profile
  env["AWS_PROFILE"] = "build";
  CHECK(region("") == "ap-south-1");                   // from AWS_PROFILE
  CHECK(region("", "bare") == "ca-central-1");         // the template's profile wins over AWS_PROFILE
  CHECK(region("", "noregion").empty());
  CHECK(region("", "missing").empty());

  // Without AWS_CONFIG_FILE: ~/.aws/config.
  env.erase("AWS_CONFIG_FILE");
  env.erase("AWS_PROFILE");
  CHECK(region("").empty());
  env["HOME"] = dir.path();
  std::filesystem::create_directories(dir.path() + "/.aws");
  std::ofstream(dir.path() + "/.aws/config") << "[default]\nregion = eu-north-1\n";
  CHECK(region("") == "eu-north-1");
}
