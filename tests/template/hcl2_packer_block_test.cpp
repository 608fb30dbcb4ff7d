#include <doctest/doctest.h>

#include <string>

#include "template/hcl2/hcl2.hpp"

using namespace kiln;

namespace {

const char* const rest = R"(
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
)";

// The problems loading `packer_block` gives, one per line; empty when it loads.
std::string problems(const std::string& packer_block) {
  try {
    hcl2::parse(packer_block + rest, "build.pkr.hcl", "/tmp");
    return {};
  } catch (const TemplateError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("required_version is checked against Packer 1.6.6") {
  CHECK(problems(R"(packer { required_version = ">= 1.5, < 2.0" })") == "");
  std::string unmet = problems(R"(packer { required_version = ">= 1.7" })");
  CHECK(unmet.find("build.pkr.hcl:1,10-37: Unsupported Packer Core version") != std::string::npos);
  CHECK(unmet.find("does not support Packer version 1.6.6") != std::string::npos);
  CHECK(problems(R"(packer { required_version = "nope" })").find("Invalid version constraint") != std::string::npos);
  CHECK(problems(R"(packer { required_version = ["1"] })").find("A string value is required for required_version") !=
        std::string::npos);
  CHECK(problems(R"(packer { required_version = var.v })").find("Variables not allowed") != std::string::npos);
  CHECK(problems(R"(packer { wanted = "1" })").find("An argument named \"wanted\" is not expected here") !=
        std::string::npos);
}

TEST_CASE("required_plugins accepts the plugins of every built-in kiln has and names any other") {
  CHECK(problems(R"(packer {
  required_plugins {
    amazon = { source = "github.com/hashicorp/amazon", version = ">= 1.0.0" }
    docker = { version = "~> 1", source = "github.com/hashicorp/docker" }
  }
  required_plugins {
    ansible = { source = "github.com/hashicorp/ansible", version = ">= 1" }
  }
})") == "");
  CHECK(problems(R"(packer {
  required_plugins {
    qemu = { source = "github.com/hashicorp/qemu", version = ">= 1.1.2" }
    vagrant = { source = "github.com/hashicorp/vagrant", version = ">= 1" }
    puppet = { source = "github.com/hashicorp/puppet", version = ">= 1" }
    chef = { source = "github.com/hashicorp/chef", version = ">= 1" }
    salt = { source = "github.com/hashicorp/salt", version = ">= 1" }
  }
})") == "");
  std::string missing = problems(R"(packer {
  required_plugins {
    happy = { source = "github.com/happycloud/happy", version = ">= 1.0" }
  }
})");
  CHECK(missing.find("Missing plugins") != std::string::npos);
  CHECK(missing.find("github.com/happycloud/happy >= 1.0") != std::string::npos);
  CHECK(missing.find("github.com/hashicorp/qemu, github.com/hashicorp/salt") != std::string::npos);
  CHECK(problems("packer {\n required_plugins {\n amazon = \">= 1\"\n }\n}").find("Invalid plugin requirement") !=
        std::string::npos);
  CHECK(problems("packer {\n required_plugins {\n amazon = { source = \"github.com/hashicorp/amazon\" }\n }\n}")
            .find("No version constraint was set") != std::string::npos);
  CHECK(problems("packer {\n required_plugins {\n amazon = { version = \">= 1\" }\n }\n}").find("No source was set") !=
        std::string::npos);
  CHECK(problems("packer {\n required_plugins {\n amazon = { version = \"1.x\", source = \"github.com/hashicorp/amazon\" }\n }\n}")
            .find("Malformed constraint: 1.x") != std::string::npos);
  CHECK(problems("packer {\n required_plugins {\n amazon = { version = \"1\", source = \"github.com/hashicorp/amazon\", "
                 "extra = 1 }\n }\n}")
            .find("can only contain \"version\" and \"source\"") != std::string::npos);
}
