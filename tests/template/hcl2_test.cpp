// The HCL2 template layer: folders become builds, provisioners and post-processors with their
// values evaluated; problems name file:line,column ranges as HCL prints them.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "kiln/error.hpp"
#include "kiln/registry.hpp"
#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/inspect.hpp"

using namespace kiln;
namespace fs = std::filesystem;

namespace {

// A template folder with the given files, removed afterwards.
class Folder {
 public:
  explicit Folder(const std::map<std::string, std::string>& files) {
    char tmpl[] = "/tmp/kiln-hcl2-XXXXXX";
    path_ = mkdtemp(tmpl);
    for (const auto& [name, text] : files) std::ofstream(path_ + "/" + name) << text;
  }
  Folder(const std::string& name, const std::string& text) : Folder(std::map<std::string, std::string>{{name, text}}) {}
  ~Folder() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

hcl2::Materialized materialize(const Folder& f, const VariableInput& input = {}, const Environment& env = {},
                               std::vector<std::string>* secrets = nullptr) {
  Template t = Template::load(f.path());
  return hcl2::materialize(t, input, env, *Registry::with_builtins(), [&](const std::string& s) {
    if (secrets) secrets->push_back(s);
  });
}

std::string error_of(const Folder& f, const VariableInput& input = {}) {
  try {
    materialize(f, input);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const char* kNullSources = R"(
source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
)";

}  // namespace

TEST_CASE("a folder is one template: builds × sources become builders named as Packer names them") {
  Folder f(std::map<std::string, std::string>{{"sources.pkr.hcl", kNullSources},
            {"build.pkr.hcl", R"(
variable "word" {
  type    = string
  default = "hi"
}
locals {
  loud = upper(var.word)
}
build {
  name    = "demo"
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    only   = ["null.b"]
    inline = ["echo ${local.loud} ${source.name}"]
  }
  post-processor "manifest" {
    output = "${source.name}.json"
  }
}
)"}});
  auto m = materialize(f);
  REQUIRE(m.tmpl.builders.size() == 2);
  CHECK(m.tmpl.builders[0].name == "demo.null.a");
  CHECK(m.tmpl.builders[0].plugin_build_name() == "a");
  CHECK(m.tmpl.builders[1].name == "demo.null.b");
  // One evaluated copy per build; `only` keeps it to null.b.
  REQUIRE(m.tmpl.provisioners.size() == 1);
  CHECK(m.tmpl.provisioners[0].config.find("inline")->items()[0].as_string() == "echo HI b");
  CHECK(m.tmpl.provisioners[0].applies_to("demo.null.b", 1));
  CHECK_FALSE(m.tmpl.provisioners[0].applies_to("demo.null.a", 0));
  REQUIRE(m.tmpl.post_processors.size() == 2);
  CHECK(m.tmpl.post_processors[0][0].config.find("output")->as_string() == "a.json");
  CHECK(m.variables.at("word") == "hi");
}

TEST_CASE("nested blocks decode as the plugin's schema wants: repeated blocks a list, single blocks an object") {
  Folder f("build.pkr.hcl", R"(
source "amazon-ebs" "x" {
  region        = "us-east-1"
  ami_name      = "x"
  instance_type = "t3.micro"
  ssh_username  = "admin"
  source_ami_filter {
    filters = {
      name = "debian-*"
    }
    owners      = ["123"]
    most_recent = true
  }
  launch_block_device_mappings {
    device_name = "/dev/xvda"
    volume_size = 8
  }
  launch_block_device_mappings {
    device_name = "/dev/xvdb"
  }
}
build {
  sources = ["source.amazon-ebs.x"]
}
)");
  auto m = materialize(f);
  REQUIRE(m.tmpl.builders.size() == 1);
  const Value& config = m.tmpl.builders[0].config;
  const Value* filter = config.find("source_ami_filter");
  REQUIRE(filter);
  REQUIRE(filter->is_object());
  CHECK(filter->find("filters")->find("name")->as_string() == "debian-*");
  CHECK(filter->find("most_recent")->is_bool());
  const Value* mappings = config.find("launch_block_device_mappings");
  REQUIRE(mappings);
  REQUIRE(mappings->is_array());
  REQUIRE(mappings->items().size() == 2);
  CHECK(mappings->items()[1].find("device_name")->as_string() == "/dev/xvdb");
}

TEST_CASE("problems name the file and HCL range, all at once") {
  Folder f("build.pkr.hcl", R"(source "null" "a" {
  communicator = var.nope
}
variable "req" {
  type = string
}
build {
  sources = ["source.null.a"]
}
)");
  std::string e = error_of(f);
  CHECK(e.find("build.pkr.hcl:2,21-26: Unsupported attribute") == std::string::npos);  // evaluation stops at unset
  CHECK(e.find("build.pkr.hcl:4,1-") != std::string::npos);
  CHECK(e.find("Unset variable \"req\"") != std::string::npos);
  VariableInput input;
  input.add_var("req", "x");
  e = error_of(f, input);
  CHECK(e.find("build.pkr.hcl:2,21-26: Unsupported attribute; This object does not have an attribute named \"nope\".") !=
        std::string::npos);
}

TEST_CASE("each problem is followed by the source line it starts on, however many problems there are") {
  std::string text = "source \"null\" \"a\" {\n  communicator = \"none\"\n}\n";
  for (int i = 0; i < 20000; ++i) text += "]" + std::to_string(i) + "\n";
  std::string e = error_of(Folder("build.pkr.hcl", text));
  const std::string required = ": Argument or block definition required; An argument or block definition is required here.";
  CHECK(e.find("build.pkr.hcl:4,1-2" + required + "\n  4: ]0\n") != std::string::npos);
  CHECK(e.find("build.pkr.hcl:10004,1-2" + required + "\n  10004: ]10000\n") != std::string::npos);
  CHECK(e.ends_with("build.pkr.hcl:20003,1-2" + required + "\n  20003: ]19999"));
}

TEST_CASE("a provisioner's pause_before and timeout given as numbers: a duration without a unit, except 0") {
  // Packer 1.6.6 turns the number into a string and fails to parse it ("missing unit"), then panics.
  auto with = [](const std::string& setting) {
    return Folder("build.pkr.hcl", std::string(kNullSources) + R"(
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["true"]
    )" + setting + R"(
  }
}
)");
  };
  CHECK(error_of(with("pause_before = 5")).find("invalid duration \"5\": missing unit") != std::string::npos);
  CHECK(error_of(with("timeout = 1.5")).find("invalid duration \"1.5\": missing unit") != std::string::npos);
  CHECK(materialize(with("pause_before = 0")).tmpl.provisioners[0].pause_before == std::chrono::nanoseconds(0));
}

TEST_CASE("-var values: strings for primitive types (then converted), HCL expressions for the others") {
  Folder f("build.pkr.hcl", std::string(kNullSources) + R"(
variable "count" {
  type = number
}
variable "names" {
  type = list(string)
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo ${var.count + 1} ${join(",", var.names)}"]
  }
}
)");
  VariableInput ok;
  ok.add_var("count", "2");
  ok.add_var("names", R"(["x", "y"])");
  auto m = materialize(f, ok);
  CHECK(m.tmpl.provisioners[0].config.find("inline")->items()[0].as_string() == "echo 3 x,y");
  VariableInput bad;
  bad.add_var("count", "abc");
  bad.add_var("names", R"(["x"])");
  CHECK(error_of(f, bad).find("The received arg value for count is not compatible with the variable's type "
                              "constraint: a number is required.") != std::string::npos);
}

TEST_CASE("PKR_VAR_ comes from the run's environment, and sensitive values are told as secrets first") {
  Folder f("build.pkr.hcl", std::string(kNullSources) + R"(
variable "password" {
  type      = string
  sensitive = true
}
build {
  sources = ["source.null.a"]
}
)");
  std::vector<std::string> secrets;
  auto m = materialize(f, {}, Environment(std::map<std::string, std::string, std::less<>>{{"PKR_VAR_password", "s3cret"}}), &secrets);
  CHECK(m.variables.at("password") == "s3cret");
  CHECK(std::find(secrets.begin(), secrets.end(), "s3cret") != secrets.end());
}

TEST_CASE("error-cleanup-provisioner is read, one per build block (a later Packer's block, refused by 1.6.6)") {
  Folder f("build.pkr.hcl", std::string(kNullSources) + R"(
build {
  sources = ["source.null.a"]
  error-cleanup-provisioner "shell-local" {
    inline = ["echo cleanup ${source.name}"]
  }
}
build {
  sources = ["source.null.a", "source.null.b"]
  error-cleanup-provisioner "shell-local" {
    inline = ["echo second cleanup ${source.name}"]
  }
}
)");
  auto m = materialize(f);
  const auto& cleanups = m.tmpl.error_cleanup_provisioners;
  REQUIRE(cleanups.size() == 3);
  CHECK(cleanups[0].config.find("inline")->items()[0].as_string() == "echo cleanup a");
  CHECK(cleanups[0].applies_to("null.a", 0));
  CHECK_FALSE(cleanups[0].applies_to("null.a", 1));  // the second build block's null.a has its own
  CHECK(cleanups[1].config.find("inline")->items()[0].as_string() == "echo second cleanup a");
  CHECK(cleanups[1].applies_to("null.a", 1));
  CHECK(cleanups[2].applies_to("null.b", 2));
}

TEST_CASE("two build blocks naming one source: two builds, each with its own blocks, as Packer 1.6.6") {
  Folder f("build.pkr.hcl", std::string(kNullSources) + R"(
build {
  sources = ["source.null.a", "source.null.a"]
  provisioner "shell-local" {
    inline = ["echo first"]
  }
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo second"]
  }
  post-processor "manifest" {}
}
)");
  auto m = materialize(f);
  REQUIRE(m.tmpl.builders.size() == 3);
  for (const auto& b : m.tmpl.builders) CHECK(b.name == "null.a");
  REQUIRE(m.tmpl.provisioners.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    INFO("builder " << i);
    std::vector<std::string> lines;
    for (const auto& p : m.tmpl.provisioners)
      if (p.applies_to("null.a", i)) lines.push_back(p.config.find("inline")->items()[0].as_string());
    CHECK(lines == std::vector<std::string>{i < 2 ? "echo first" : "echo second"});
  }
  REQUIRE(m.tmpl.post_processors.size() == 1);
  CHECK_FALSE(m.tmpl.post_processors[0][0].applies_to("null.a", 0));
  CHECK(m.tmpl.post_processors[0][0].applies_to("null.a", 2));
}

TEST_CASE("inspect prints values as Packer 1.6.6 does") {
  auto printed = [](const std::string& expr) {
    Folder f("v.pkr.hcl", "variable \"v\" {\n  default = " + expr + "\n}\n");
    auto found = hcl2::inspect(Template::load(f.path()), {}, Environment(), *Registry::with_builtins());
    REQUIRE(found.variables.size() == 1);
    return found.variables[0].second;
  };
  CHECK(printed("\"plain\"") == "plain");
  CHECK(printed("3") == "3");
  CHECK(printed("1.5") == "1.5");
  CHECK(printed("1e21") == "1e+21");
  CHECK(printed("0.000001") == "1e-06");
  CHECK(printed("1234567.5") == "1.2345675e+06");
  CHECK(printed("123456.5") == "123456.5");
  CHECK(printed("[]") == "[]");
  CHECK(printed("{}") == "{}");
  CHECK(printed("null") == "null");
  CHECK(printed("[\"a\\nb\", true]") == "[\n  \"a\\nb\",\n  true,\n]");
  CHECK(printed("{ b = [1], a = \"x\" }") == "{\n  \"a\" = \"x\"\n  \"b\" = [\n    1,\n  ]\n}");
}

TEST_CASE("dynamic blocks: one block per for_each element, under the iterator's name, materialised and inspected alike") {
  Folder f("build.pkr.hcl", std::string(kNullSources) + R"(
build {
  sources = ["source.null.a"]
  dynamic "provisioner" {
    for_each = { first = "shell-local", second = "shell-local" }
    iterator = step
    labels   = [step.value]
    content {
      inline = ["echo ${step.key}"]
    }
  }
}
)");
  auto m = materialize(f);
  REQUIRE(m.tmpl.provisioners.size() == 2);
  CHECK(m.tmpl.provisioners[0].type == "shell-local");
  CHECK(m.tmpl.provisioners[0].config.find("inline")->items()[0].as_string() == "echo first");
  CHECK(m.tmpl.provisioners[1].config.find("inline")->items()[0].as_string() == "echo second");
  auto found = hcl2::inspect(Template::load(f.path()), {}, Environment(), *Registry::with_builtins());
  REQUIRE(found.builds.size() == 1);
  CHECK(found.builds[0].provisioners == std::vector<std::string>{"shell-local", "shell-local"});
}

TEST_CASE("a dynamic block over a value that is no collection is an error at for_each") {
  Folder f("build.pkr.hcl", std::string(kNullSources) + R"(
build {
  sources = ["source.null.a"]
  dynamic "provisioner" {
    for_each = 3
    labels   = ["shell-local"]
    content {
      inline = ["true"]
    }
  }
}
)");
  std::string e = error_of(f);
  CHECK(e.find("build.pkr.hcl:12,5-17: Invalid dynamic for_each value; Cannot use a number value in for_each. "
               "An iterable collection is required.") != std::string::npos);
}
