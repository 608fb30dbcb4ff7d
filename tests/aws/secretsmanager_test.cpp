// Secrets Manager against moto, through the signing proxy: the JSON template function
// {{aws_secretsmanager}} as Packer 1.6.6 reads secrets, and the HCL2 amazon-secretsmanager data
// source as the current plugin does; every value read is masked in events, errors and the console.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include "../fixtures/moto/moto.hpp"
#include "iam.hpp"
#include "kiln/build.hpp"
#include "kiln/console.hpp"
#include "template/hcl2/hcl2.hpp"

using namespace kiln;

namespace {

// The run's environment: the SDK-default chain finds the proxy's credentials, region and endpoint here.
EnvironmentPtr aws_environment(const test::Moto& moto) {
  std::map<std::string, std::string, std::less<>> vars{
      {"AWS_ACCESS_KEY_ID", moto.credentials().access_key},
      {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_key},
      {"AWS_REGION", "us-east-1"},
      {"AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint()},
      {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"}};
  return std::make_shared<Environment>(std::move(vars));
}

// The variables a JSON template's defaults resolve to, or the error they raise.
std::string resolve(const test::Moto& moto, const std::string& default_value, std::vector<std::string>* secrets = nullptr) {
  Template t = Template::parse(R"({"variables": {"v": ")" + default_value + R"("}, "builders": [{"type": "null", "communicator": "none"}]})",
                               "t.json");
  try {
    return resolve_variables(t, {}, aws_environment(moto), [&](const std::string& s) {
             if (secrets) secrets->push_back(s);
           }).at("v");
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("{{aws_secretsmanager}} reads the AWSCURRENT version as Packer 1.6.6 does") {
  test::Moto moto;
  moto.check({"put-secret", "kiln/db", R"({"user": "admin", "password": "hunter2-db"})"});
  moto.check({"put-secret", "kiln/single", R"({"token": "tok-123456"})"});
  moto.check({"put-secret", "kiln/plain", "plain-text-secret"});
  moto.check({"put-secret", "kiln/number", R"({"port": 5432})"});
  moto.check({"put-secret", "kiln/list", R"(["a"])"});
  moto.check({"put-secret-binary", "kiln/bytes", "AAECAw=="});
  std::vector<std::string> secrets;
  CHECK(resolve(moto, "{{aws_secretsmanager `kiln/db` `password`}}", &secrets) == "hunter2-db");
  CHECK(secrets == std::vector<std::string>{"hunter2-db"});
  // A key is optional when the secret holds one value, or is not JSON at all.
  CHECK(resolve(moto, "{{aws_secretsmanager `kiln/single`}}") == "tok-123456");
  CHECK(resolve(moto, "{{aws_secretsmanager `kiln/plain`}}") == "plain-text-secret");
  CHECK(resolve(moto, "x-{{aws_secretsmanager `kiln/plain` ``}}-y") == "x-plain-text-secret-y");
  // 1.6.6's errors.
  CHECK(contains(resolve(moto, "{{aws_secretsmanager `kiln/db`}}"), "Secret has multiple values and no key was set"));
  CHECK(contains(resolve(moto, "{{aws_secretsmanager `kiln/db` `nope`}}"), "No secret found for key \"nope\""));
  CHECK(contains(resolve(moto, "{{aws_secretsmanager `kiln/number`}}"),
                 "json: cannot unmarshal number into Go value of type string"));
  CHECK(contains(resolve(moto, "{{aws_secretsmanager `kiln/list`}}"),
                 "json: cannot unmarshal array into Go value of type map[string]string"));
  CHECK(contains(resolve(moto, "{{aws_secretsmanager `kiln/bytes`}}"), "Secret is not string"));
  CHECK(contains(resolve(moto, "{{aws_secretsmanager `kiln/missing`}}"), "ResourceNotFoundException"));
  CHECK(contains(resolve(moto, "{{aws_secretsmanager ``}}"), "At least one secret name must be provided"));
  // Every call was GetSecretValue signed for secretsmanager (the proxy refuses others), asking for AWSCURRENT.
  auto bodies = moto.bodies("GetSecretValue");
  CHECK(bodies.size() == 10);
  CHECK(bodies.front() == R"({"SecretId":"kiln/db","VersionStage":"AWSCURRENT"})");
  auto actions = moto.actions();
  CHECK(std::all_of(actions.begin(), actions.end(), [](const std::string& a) { return a == "GetSecretValue"; }));
  CHECK(test::documented_iam_actions("iam_data_source_actions.txt").count("secretsmanager:GetSecretValue"));
}

TEST_CASE("a secret read by {{aws_secretsmanager}} is masked in every event of a build") {
  test::Moto moto;
  moto.check({"put-secret", "kiln/db", R"({"password": "hunter2-db"})"});
  std::vector<Event> events;
  std::mutex m;
  BuildOptions options;
  options.environment = aws_environment(moto);
  options.events = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) {
    std::lock_guard l(m);
    events.push_back(e);
  }));
  Session session(Template::parse(R"({
  "variables": {"db_password": "{{aws_secretsmanager `kiln/db` `password`}}"},
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["echo password={{user `db_password`}}", "exit 3"]}]
})", "t.json"),
                  std::move(options));
  session.prepare();
  auto results = session.run();
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].ok);
  CHECK(contains(results[0].error, "exit status: 3"));
  CHECK_FALSE(contains(results[0].error, "hunter2-db"));
  bool masked_echo = false;
  for (const auto& e : events) {
    CHECK_FALSE(contains(e.text, "hunter2-db"));
    for (const auto& arg : e.args) CHECK_FALSE(contains(arg, "hunter2-db"));
    masked_echo = masked_echo || contains(e.text, "password=<sensitive>");
  }
  CHECK(masked_echo);
}

TEST_CASE("HCL2's aws_secretsmanager(name, key) reads as the JSON function does, masked") {
  test::Moto moto;
  moto.check({"put-secret", "kiln/db", R"({"user": "admin", "password": "hunter2-hcl"})"});
  moto.check({"put-secret", "kiln/plain", "plain-hcl-secret"});
  BuildOptions options;
  options.environment = aws_environment(moto);
  Console console(hcl2::parse(R"(
locals {
  password = aws_secretsmanager("kiln/db", "password")
  plain    = aws_secretsmanager("kiln/plain", null)
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
)", "build.pkr.hcl", "/tmp"),
                  options);
  CHECK(console.evaluate("local.password").text == "<sensitive>");
  CHECK(console.evaluate("local.password == \"hunter2-hcl\"").text == "true");
  CHECK(console.evaluate("local.plain == \"plain-hcl-secret\"").text == "true");
  auto r = console.evaluate("aws_secretsmanager(\"kiln/db\", null)");
  CHECK_FALSE(r.ok());
  REQUIRE_FALSE(r.problems.empty());
  CHECK(contains(r.problems[0].summary + r.problems[0].detail, "Secret has multiple values and no key was set"));
  CHECK(moto.bodies("GetSecretValue").size() == 3);
}

namespace {

std::string secret_template(const test::Moto& moto, const std::string& settings) {
  return R"(
data "amazon-secretsmanager" "s" {
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

BuildOptions secretsmanager_at(const test::Moto& moto) {
  BuildOptions options;
  options.environment = std::make_shared<Environment>(std::map<std::string, std::string, std::less<>>{
      {"AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint()}});
  return options;
}

std::string problems(const test::Moto& moto, const std::string& settings) {
  try {
    Console console(hcl2::parse(secret_template(moto, settings), "build.pkr.hcl", "/tmp"), secretsmanager_at(moto));
    return {};
  } catch (const TemplateError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("amazon-secretsmanager gives value, secret_string, secret_binary and version_id, masked") {
  test::Moto moto;
  std::string first = moto.check({"put-secret", "kiln/app", R"({"user": "admin", "password": "hunter2-app", "port": 5432})"});
  std::string second = moto.check({"put-secret", "kiln/app", R"({"password": "hunter3-app"})"});
  first.pop_back();  // the newline
  second.pop_back();
  Console latest(hcl2::parse(secret_template(moto, "name = \"kiln/app\"\nkey = \"password\""), "build.pkr.hcl", "/tmp"),
                 secretsmanager_at(moto));
  auto text = [](const Console& c, const char* e) {
    auto r = c.evaluate(e);
    INFO(e);
    REQUIRE(r.ok());
    return r.text;
  };
  // The console shows no secret; comparisons prove what the values are.
  CHECK(text(latest, "data.amazon-secretsmanager.s.value") == "<sensitive>");
  CHECK(text(latest, "data.amazon-secretsmanager.s.value == \"hunter3-app\"") == "true");
  CHECK(text(latest, "jsondecode(data.amazon-secretsmanager.s.secret_string).password == \"hunter3-app\"") == "true");
  CHECK(text(latest, "data.amazon-secretsmanager.s.version_id") == second);
  CHECK(text(latest, "keys(data.amazon-secretsmanager.s)") ==
        "[\n  \"secret_binary\",\n  \"secret_string\",\n  \"value\",\n  \"version_id\",\n]");

  // version_stage and version_id pick older versions; a number member is printed as an integer.
  Console previous(hcl2::parse(secret_template(moto, "name = \"kiln/app\"\nkey = \"port\"\nversion_stage = \"AWSPREVIOUS\""),
                               "build.pkr.hcl", "/tmp"),
                   secretsmanager_at(moto));
  CHECK(text(previous, "data.amazon-secretsmanager.s.value == \"5432\"") == "true");
  Console by_id(hcl2::parse(secret_template(moto, "name = \"kiln/app\"\nkey = \"user\"\nversion_id = \"" + first + "\""),
                            "build.pkr.hcl", "/tmp"),
                secretsmanager_at(moto));
  CHECK(text(by_id, "data.amazon-secretsmanager.s.value == \"admin\"") == "true");
  CHECK(text(by_id, "data.amazon-secretsmanager.s.version_id") == first);
  auto bodies = moto.bodies("GetSecretValue");
  REQUIRE(bodies.size() == 3);
  CHECK(bodies[0] == R"({"SecretId":"kiln/app","VersionStage":"AWSCURRENT"})");
  CHECK(bodies[1] == R"({"SecretId":"kiln/app","VersionStage":"AWSPREVIOUS"})");
  CHECK(bodies[2] == R"({"SecretId":"kiln/app","VersionId":")" + first + R"("})");

  // Bytes: secret_binary is their base64, as the plugin documents it; value and secret_string are empty.
  moto.check({"put-secret-binary", "kiln/bytes", "AAECAw=="});
  Console bytes(hcl2::parse(secret_template(moto, "name = \"kiln/bytes\""), "build.pkr.hcl", "/tmp"),
                secretsmanager_at(moto));
  CHECK(text(bytes, "data.amazon-secretsmanager.s.secret_binary == \"AAECAw==\"") == "true");
  CHECK(text(bytes, "data.amazon-secretsmanager.s.value").empty());
}

TEST_CASE("amazon-secretsmanager failures are the plugin's") {
  test::Moto moto;
  moto.check({"put-secret", "kiln/flag", R"({"enabled": true})"});
  CHECK(contains(problems(moto, "name = \"kiln/none\""), "Secrets Manager Secret \"kiln/none\" Version \"AWSCURRENT\" not found"));
  CHECK(contains(problems(moto, "name = \"kiln/none\"\nversion_id = \"v-1\""),
                 "Secrets Manager Secret \"kiln/none\" Version \"v-1\" not found"));
  CHECK(contains(problems(moto, "name = \"kiln/flag\""), "error to get secret value: \"Unsupported secret value type: bool\""));
  CHECK(contains(problems(moto, "key = \"x\""), "a 'name' must be provided"));
  // No request for the block that does not configure.
  CHECK(moto.bodies("GetSecretValue").size() == 3);
}
