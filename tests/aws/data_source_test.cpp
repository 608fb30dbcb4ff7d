#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "../fixtures/moto/moto.hpp"
#include "iam.hpp"
#include "kiln/console.hpp"
#include "template/hcl2/hcl2.hpp"

using namespace kiln;

namespace {

// An amazon-ami data block against moto's stock images, with the credentials moto's proxy checks.
std::string ami_template(const test::Moto& moto, const std::string& settings) {
  return R"(
data "amazon-ami" "base" {
  region              = "us-east-1"
  custom_endpoint_ec2 = ")" + moto.endpoint() + R"("
  access_key          = ")" + moto.credentials().access_key + R"("
  secret_key          = ")" + moto.credentials().secret_key + R"("
)" + settings + R"(
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
)";
}

std::string problems(const std::string& hcl) {
  try {
    Console console(hcl2::parse(hcl, "build.pkr.hcl", "/tmp"), BuildOptions{});
    return {};
  } catch (const TemplateError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("amazon-ami finds the image source_ami_filter would") {
  test::Moto moto;
  Console console(hcl2::parse(ami_template(moto, R"(
  filters = {
    name                = "Windows_Server-2016-English-Nano-Base-*"
    virtualization-type = "hvm"
  }
  owners      = ["amazon"]
  most_recent = true
)"), "build.pkr.hcl", "/tmp"), BuildOptions{});
  auto value = [&](const char* e) {
    auto r = console.evaluate(e);
    INFO(e);
    REQUIRE(r.ok());
    return r.text;
  };
  CHECK(value("data.amazon-ami.base.id").rfind("ami-", 0) == 0);
  CHECK(value("data.amazon-ami.base.name").rfind("Windows_Server-2016-English-Nano-Base-", 0) == 0);
  CHECK(value("data.amazon-ami.base.owner_name") == "amazon");
  CHECK_FALSE(value("data.amazon-ami.base.creation_date").empty());
  CHECK(value("keys(data.amazon-ami.base)") ==
        "[\n  \"creation_date\",\n  \"id\",\n  \"name\",\n  \"owner\",\n  \"owner_name\",\n  \"tags\",\n]");
  // The request was DescribeImages with the filters and the owner, an action docs/aws.md lists.
  for (const auto& action : moto.actions())
    CHECK(test::documented_iam_actions("iam_data_source_actions.txt").count("ec2:" + action));
  auto bodies = moto.bodies("DescribeImages");
  REQUIRE(bodies.size() == 1);
  CHECK(bodies[0].find("Owner.1=amazon") != std::string::npos);
  CHECK(bodies[0].find("Filter.1.Name=name") != std::string::npos);
}

TEST_CASE("amazon-ami failures are the plugin's") {
  test::Moto moto;
  CHECK(problems(ami_template(moto, "filters = { name = \"no-such-image-*\" }\nowners = [\"amazon\"]"))
            .find("No AMI was found matching filters") != std::string::npos);
  CHECK(problems(ami_template(moto, "filters = { name = \"Windows_Server-*\" }\nowners = [\"amazon\"]"))
            .find("Your query returned more than one result") != std::string::npos);
  CHECK(problems(ami_template(moto, "owners = []")).find("The `filters` must be specified") != std::string::npos);
  CHECK(problems(ami_template(moto, "filters = { name = \"x\" }"))
            .find("For security reasons, you must declare an owner.") != std::string::npos);
  // No request is made for a block that does not configure.
  CHECK(moto.bodies("DescribeImages").size() == 2);
}

namespace {

std::string parameter_template(const test::Moto& moto, const std::string& settings) {
  return R"(
data "amazon-parameterstore" "p" {
  region     = "us-east-1"
  access_key = ")" + moto.credentials().access_key + R"("
  secret_key = ")" + moto.credentials().secret_key + R"("
)" + settings + R"(
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
)";
}

// SSM's endpoint is not a template setting: the run's environment names moto, as the AWS SDKs read it.
BuildOptions ssm_at(const test::Moto& moto) {
  BuildOptions options;
  options.environment = std::make_shared<Environment>(
      std::map<std::string, std::string, std::less<>>{{"AWS_ENDPOINT_URL_SSM", moto.endpoint()}});
  return options;
}

}  // namespace

TEST_CASE("amazon-parameterstore reads an SSM parameter (GetParameter, signed for ssm)") {
  test::Moto moto;
  moto.check({"put-parameter", "/kiln/base-ami", "ami-0123456789"});
  moto.check({"put-parameter", "/kiln/base-ami", "ami-9876543210"});  // version 2
  Console console(hcl2::parse(parameter_template(moto, "name = \"/kiln/base-ami\""), "build.pkr.hcl", "/tmp"),
                  ssm_at(moto));
  CHECK(console.evaluate("data.amazon-parameterstore.p.value").text == "ami-9876543210");
  CHECK(console.evaluate("data.amazon-parameterstore.p.version").text == "2");
  CHECK(console.evaluate("data.amazon-parameterstore.p.arn").text.find(":parameter/kiln/base-ami") !=
        std::string::npos);
  auto actions = moto.actions();
  CHECK(std::count(actions.begin(), actions.end(), "GetParameter") == 1);
  for (const auto& action : actions)
    CHECK(test::documented_iam_actions("iam_data_source_actions.txt").count("ssm:" + action));
}

TEST_CASE("amazon-parameterstore failures are the plugin's") {
  test::Moto moto;
  auto problems_with = [&](const std::string& settings) {
    try {
      Console console(hcl2::parse(parameter_template(moto, settings), "build.pkr.hcl", "/tmp"), ssm_at(moto));
      return std::string();
    } catch (const TemplateError& e) {
      return std::string(e.what());
    }
  };
  CHECK(problems_with("name = \"/missing\"").find("The parameter name \"/missing\" not found") != std::string::npos);
  CHECK(problems_with("with_decryption = true").find("a 'name' must be provided") != std::string::npos);
}
