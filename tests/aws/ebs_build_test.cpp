// amazon-ebs end to end through Session (template → prepare → run) against moto_server.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "../fixtures/moto/moto.hpp"
#include "aws/sigv4.hpp"
#include "kiln/build.hpp"

using namespace kiln;

namespace {

// Provisioner "probe": fails when asked to; records that it ran and what communicator it got.
int probe_runs = 0;
bool probe_saw_comm = false;
std::map<std::string, std::string> probe_build_data;
class ProbeProvisioner : public Provisioner {
 public:
  const Schema& schema() const override {
    static const Schema s{{{"fail", FieldType::Bool}}};
    return s;
  }
  void prepare(const Config& c, Problems&) override { fail_ = c.boolean("fail"); }
  void provision(ProvisionerContext& ctx) override {
    ++probe_runs;
    probe_saw_comm = ctx.comm != nullptr;
    probe_build_data = ctx.interp.build;
    if (fail_) throw Error("probe failed on purpose");
  }

 private:
  bool fail_ = false;
};

struct Run {
  std::vector<Event> events;
  std::mutex m;
  std::vector<BuildResult> results;

  Session session(const std::string& json, BuildOptions options = {}) {
    auto registry = Registry::with_builtins();
    registry->add_provisioner("probe", [] { return std::make_unique<ProbeProvisioner>(); });
    options.registry = registry;
    options.events = std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) {
      std::lock_guard l(m);
      events.push_back(e);
    }));
    return Session(Template::parse(json, "t.json"), std::move(options));
  }
  void run(const std::string& json, BuildOptions options = {}) {
    probe_runs = 0;
    Session s = session(json, std::move(options));
    s.prepare();
    results = s.run();
  }
  bool said(const std::string& text) {
    std::lock_guard l(m);
    return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.text.find(text) != std::string::npos; });
  }
};

std::string ebs_template(const std::string& endpoint, const std::string& ami_name, const std::string& extra = "",
                         bool fail = false) {
  return R"({
  "variables": {"secret": "kiln-very-secret-key"},
  "builders": [{
    "type": "amazon-ebs",
    "access_key": "AKIDKILNE2E",
    "secret_key": "{{user `secret`}}",
    "region": "us-east-1",
    "custom_endpoint_ec2": ")" + endpoint + R"(",
    "skip_region_validation": true,
    "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"], "most_recent": true},
    "instance_type": "t2.micro",
    "ami_name": ")" + ami_name + R"(",
    "tags": {"Built": "kiln {{build_name}}"},
    "snapshot_tags": {"from": "{{build_type}}"},
    "communicator": "none",
    "aws_polling": {"delay_seconds": 1, "max_attempts": 10})" + extra + R"(
  }],
  "provisioners": [{"type": "probe", "fail": )" + (fail ? "true" : "false") + R"(}]
})";
}

// A moto whose signing proxy accepts the template's credentials.
test::MotoOptions template_credentials() {
  return {"", {"AKIDKILNE2E", "kiln-very-secret-key", "", "test"}};
}

rapidjson::Document moto_state(const test::Moto& moto) {
  rapidjson::Document d;
  d.Parse(moto.check({"state"}).c_str());
  REQUIRE(!d.HasParseError());
  return d;
}

}  // namespace

TEST_CASE("amazon-ebs builds an AMI from a template and reports Packer's artifact id") {
  test::Moto moto(template_credentials());
  Run r;
  r.run(ebs_template(moto.endpoint(), "kiln-e2e-ok"));
  REQUIRE(r.results.size() == 1);
  INFO(r.results[0].error);
  REQUIRE(r.results[0].ok);
  REQUIRE(r.results[0].artifacts.size() == 1);
  auto artifact = r.results[0].artifacts[0];
  CHECK(artifact->builder_id() == "mitchellh.amazonebs");
  std::string id = artifact->id();
  REQUIRE(id.rfind("us-east-1:ami-", 0) == 0);
  CHECK(probe_runs == 1);
  CHECK_FALSE(probe_saw_comm);
  CHECK(probe_build_data["BuildRegion"] == "us-east-1");
  CHECK(probe_build_data["SourceAMI"].rfind("ami-", 0) == 0);
  CHECK(probe_build_data["SourceAMIName"].rfind("Windows_Server-2016-English-Nano-Base-", 0) == 0);
  CHECK(probe_build_data["ID"].rfind("i-", 0) == 0);

  auto st = moto_state(moto);
  std::string ami = id.substr(std::string("us-east-1:").size());
  bool found = false;
  for (const auto& image : st["images"].GetArray()) {
    if (image["id"].GetString() != ami) continue;
    found = true;
    CHECK(std::string(image["name"].GetString()) == "kiln-e2e-ok");
    CHECK(std::string(image["tags"]["Built"].GetString()) == "kiln amazon-ebs");
  }
  CHECK(found);
  for (const auto& snap : st["snapshots"].GetArray())
    if (snap["tags"].HasMember("from")) CHECK(std::string(snap["tags"]["from"].GetString()) == "amazon-ebs");
  for (const auto& inst : st["instances"].GetArray()) CHECK(std::string(inst["state"].GetString()) == "terminated");
  CHECK(r.said("Prevalidating AMI Name: kiln-e2e-ok"));
  CHECK(r.said("Creating temporary keypair: packer_"));  // as Packer 1.6.6, even with communicator none
  CHECK(r.said("Authorizing access to port 0 from [0.0.0.0/0] in the temporary security groups..."));
  for (const auto& e : r.events) CHECK(e.text.find("kiln-very-secret-key") == std::string::npos);
}

namespace {

// The source image as moto describes it to boto3 (an independent client): the values
// {{build `SourceAMI…`}} must carry.
std::map<std::string, std::string> source_image_by_boto3(const test::Moto& moto) {
  const char* script = R"(
import boto3, json, sys
ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=sys.argv[1],
                   aws_access_key_id="testing", aws_secret_access_key="testing")
images = ec2.describe_images(Owners=["amazon"],
                             Filters=[{"Name": "name", "Values": ["Windows_Server-2016-English-Nano-Base-*"]}])["Images"]
i = max(images, key=lambda i: i["CreationDate"])
print(json.dumps({"SourceAMI": i["ImageId"], "SourceAMIName": i["Name"], "SourceAMIOwner": i["OwnerId"],
                  "SourceAMIOwnerName": i.get("ImageOwnerAlias", ""), "SourceAMICreationDate": i["CreationDate"]}))
)";
  auto out = test::run({test::source_root() + "/.venv/bin/python", "-c", script, moto.moto_endpoint()});
  REQUIRE(out.status == 0);
  rapidjson::Document d;
  d.Parse(out.out.c_str());
  REQUIRE(d.IsObject());
  std::map<std::string, std::string> m;
  for (const auto& member : d.GetObject()) m[member.name.GetString()] = member.value.GetString();
  return m;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("amazon-ebs generated data reaches provisioners and post-processors ({{build `SourceAMIName`}} …)") {
  test::Moto moto(template_credentials());
  test::TempDir dir;
  const std::string keys[] = {"SourceAMI",      "SourceAMIName",         "SourceAMIOwner",
                              "SourceAMIOwnerName", "SourceAMICreationDate", "BuildRegion"};
  std::string custom, echo;
  for (const auto& k : keys) {
    custom += fmt::format("{}\"{}\": \"{{{{build `{}`}}}}\"", custom.empty() ? "" : ", ", k, k);
    echo += fmt::format("{}={{{{build `{}`}}}} ", k, k);
  }
  std::string json = ebs_template(moto.endpoint(), "kiln-e2e-generated");
  json = json.substr(0, json.rfind("\"provisioners\"")) + fmt::format(R"("provisioners": [
    {{"type": "shell-local", "inline": ["echo '{0}' > {1}/provisioner.txt"]}}],
  "post-processors": [[
    {{"type": "manifest", "output": "{1}/manifest.json", "custom_data": {{{2}}}}},
    {{"type": "shell-local", "inline": ["echo '{0}' > {1}/post-processor.txt"]}}]]
}})", echo, dir.path(), custom);
  Run r;
  // Prepare alone (what `kiln validate` does) accepts the builder's generated keys …
  CHECK_NOTHROW(r.session(json).prepare());
  // … and still refuses a key no builder generates.
  std::string unknown = json;
  unknown.replace(unknown.find("{{build `SourceAMIOwner`}}"), 26, "{{build `SourceAMIOwnr`}}");
  CHECK_THROWS_WITH_AS(r.session(unknown).prepare(), doctest::Contains("SourceAMIOwnr"), TemplateError);

  r.run(json);
  REQUIRE(r.results.size() == 1);
  INFO(r.results[0].error);
  REQUIRE(r.results[0].ok);
  auto expected = source_image_by_boto3(moto);
  expected["BuildRegion"] = "us-east-1";
  REQUIRE(expected["SourceAMI"].rfind("ami-", 0) == 0);
  CHECK_FALSE(expected["SourceAMIOwnerName"].empty());

  std::string line;
  for (const auto& k : keys) line += k + "=" + expected[k] + " ";
  CHECK(slurp(dir.path() + "/provisioner.txt") == line + "\n");
  CHECK(slurp(dir.path() + "/post-processor.txt") == line + "\n");
  rapidjson::Document manifest;
  manifest.Parse(slurp(dir.path() + "/manifest.json").c_str());
  REQUIRE(manifest.IsObject());
  const auto& data = manifest["builds"][0]["custom_data"];
  for (const auto& k : keys) {
    CAPTURE(k);
    REQUIRE(data.HasMember(k.c_str()));
    CHECK(data[k.c_str()].GetString() == expected[k]);
  }
}

TEST_CASE("amazon-ebs renders tags and the description late, with the source image's data ({{ .SourceAMI }} …)") {
  test::Moto moto(template_credentials());
  std::string json = ebs_template(moto.endpoint(), "kiln-e2e-tags", R"J(,
    "ami_description": "from {{ .SourceAMIName }} ({{ .SourceAMIOwnerName }})",
    "run_tags": {"src": "{{ .SourceAMI }}", "who": "{{user `secret`}}-{{build_name}}"},
    "run_volume_tags": {"created": "{{ .SourceAMICreationDate }}"})J");
  const std::string tags = R"("tags": {"Built": "kiln {{build_name}}"})";
  json.replace(json.find(tags), tags.size(),
               R"("tags": {"Built": "kiln {{build_name}}", "{{ .BuildRegion }}-src": "{{ .SourceAMI }}",
                           "owner": "{{ .SourceAMIOwner }}"})");
  Run r;
  r.run(json);
  REQUIRE(r.results.size() == 1);
  INFO(r.results[0].error);
  REQUIRE(r.results[0].ok);
  auto source = source_image_by_boto3(moto);
  auto st = moto_state(moto);
  REQUIRE(st["images"].GetArray().Size() == 1);
  const auto& image = st["images"][0];
  CHECK(std::string(image["tags"]["Built"].GetString()) == "kiln amazon-ebs");
  REQUIRE(image["tags"].HasMember("us-east-1-src"));
  CHECK(image["tags"]["us-east-1-src"].GetString() == source["SourceAMI"]);
  CHECK(image["tags"]["owner"].GetString() == source["SourceAMIOwner"]);
  REQUIRE(st["instances"].GetArray().Size() == 1);
  const auto& instance = st["instances"][0];
  CHECK(instance["tags"]["src"].GetString() == source["SourceAMI"]);
  CHECK(std::string(instance["tags"]["who"].GetString()) == "kiln-very-secret-key-amazon-ebs");
  auto run_instances = moto.bodies("RunInstances");
  REQUIRE(run_instances.size() == 1);
  CHECK(run_instances[0].find("Tag.1.Key=created&TagSpecification.2.Tag.1.Value=" +
                              aws::uri_encode(source["SourceAMICreationDate"])) != std::string::npos);
  auto modify = moto.bodies("ModifyImageAttribute");
  REQUIRE(modify.size() == 1);
  CHECK(modify[0].find("Description.Value=" + aws::uri_encode("from " + source["SourceAMIName"] + " (" +
                                                               source["SourceAMIOwnerName"] + ")")) != std::string::npos);
}

TEST_CASE("amazon-ebs under on-error=abort keeps the instance and says what it left") {
  test::Moto moto(template_credentials());
  Run r;
  BuildOptions o;
  o.on_error = OnError::Abort;
  r.run(ebs_template(moto.endpoint(), "kiln-e2e-abort", "", true), o);
  REQUIRE(r.results.size() == 1);
  CHECK_FALSE(r.results[0].ok);
  CHECK(r.results[0].error.find("probe failed on purpose") != std::string::npos);
  CHECK(r.said("Leaving source instance i-"));
  CHECK(r.said("Leaving temporary security group sg-"));
  auto st = moto_state(moto);
  int running = 0;
  for (const auto& inst : st["instances"].GetArray())
    if (std::string(inst["state"].GetString()) == "running") ++running;
  CHECK(running == 1);
  CHECK(st["images"].GetArray().Size() == 0);
}

TEST_CASE("amazon-ebs -force deregisters an AMI of the same name, as Packer's -force") {
  test::Moto moto(template_credentials());
  Run r;
  const std::string json = ebs_template(moto.endpoint(), "kiln-e2e-force");
  r.run(json);
  REQUIRE(r.results.size() == 1);
  REQUIRE(r.results[0].ok);
  auto images = [&] {
    std::vector<std::string> ids;
    auto st = moto_state(moto);
    for (const auto& i : st["images"].GetArray())
      if (std::string(i["name"].GetString()) == "kiln-e2e-force") ids.push_back(i["id"].GetString());
    return ids;
  };
  auto first = images();
  REQUIRE(first.size() == 1);
  r.run(json);  // without -force the name is taken
  REQUIRE(r.results.size() == 1);
  CHECK_FALSE(r.results[0].ok);
  BuildOptions o;
  o.force = true;
  r.run(json, o);
  REQUIRE(r.results.size() == 1);
  CHECK(r.results[0].ok);
  auto second = images();
  REQUIRE(second.size() == 1);
  CHECK(second[0] != first[0]);
}

TEST_CASE("amazon-ebs reports unreachable endpoints and missing credentials clearly") {
  Run r;
  test::ClosedPort closed;
  std::string json = ebs_template("http://127.0.0.1:" + std::to_string(closed.port()), "kiln-e2e-noendpoint",
                                  R"(, "max_retries": 1)");
  r.run(json);
  REQUIRE(r.results.size() == 1);
  CHECK_FALSE(r.results[0].ok);
  CHECK(r.results[0].error.find("127.0.0.1:" + std::to_string(closed.port())) != std::string::npos);
  CHECK(probe_runs == 0);

  std::string no_creds = R"({"builders": [{"type": "amazon-ebs", "region": "us-east-1", "profile": "kiln-no-such-profile",
    "custom_endpoint_ec2": "http://127.0.0.1:1", "source_ami": "ami-12345678", "instance_type": "t2.micro",
    "ami_name": "kiln-e2e-nocreds", "communicator": "none"}]})";
  Run r2;
  r2.run(no_creds);
  REQUIRE(r2.results.size() == 1);
  CHECK_FALSE(r2.results[0].ok);
  CHECK(r2.results[0].error.find("no valid credential sources found") != std::string::npos);
}

TEST_CASE("amazon-ebs schema: real Packer templates validate, mistakes are all reported") {
  Run r;
  // Keys from a typical Packer 1.6.6 template, communicator keys included.
  std::string real = R"({"builders": [{"type": "amazon-ebs", "region": "eu-west-1", "source_ami": "ami-0abcdef1",
    "instance_type": "t3.small", "ssh_username": "ubuntu", "ssh_timeout": "10m", "ssh_pty": true,
    "ami_name": "web {{timestamp}}", "ami_regions": ["eu-central-1"], "encrypt_boot": true,
    "launch_block_device_mappings": [{"device_name": "/dev/sda1", "volume_size": 20, "volume_type": "gp3",
      "delete_on_termination": true}],
    "run_tags": {"Name": "packer"}, "skip_metadata_api_check": true, "ssh_interface": "private_ip",
    "associate_public_ip_address": true, "subnet_id": "subnet-1", "shutdown_behavior": "terminate"}]})";
  CHECK_NOTHROW(r.session(real).prepare());

  std::string bad = R"({"builders": [{"type": "amazon-ebs", "region": "eu-west-1", "instnce_type": "t3.small",
    "ami_name": "x", "shutdown_behavior": "halt",
    "source_ami_filter": {"filters": {"name": "ubuntu*"}},
    "launch_block_device_mappings": [{"volume_size": 8, "volume_tipe": "gp2"}]}]})";
  try {
    r.session(bad).prepare();
    FAIL("expected a TemplateError");
  } catch (const TemplateError& e) {
    std::string all = e.what();
    CHECK(all.find("instnce_type") != std::string::npos);
    CHECK(all.find("instance_type") != std::string::npos);  // did you mean
    CHECK(all.find("ami_name must be between 3 and 128 characters long") != std::string::npos);
    CHECK(all.find("shutdown_behavior only accepts 'stop' or 'terminate' values.") != std::string::npos);
    CHECK(all.find("For security reasons, your source AMI filter must declare an owner.") != std::string::npos);
    CHECK(all.find("either instance_type or spot_instance_types must be specified") != std::string::npos);
    CHECK(all.find("The `device_name` must be specified") != std::string::npos);
    CHECK(all.find("volume_tipe") != std::string::npos);
  }
}

TEST_CASE("amazon-ebs differential: kiln and Packer 1.6.6 issue the same EC2 actions and make the same AMI") {
  // Packer is the reference: without it this comparison fails rather than passing unrun.
  REQUIRE_MESSAGE(access("/usr/bin/packer", X_OK) == 0, "packer (1.6.6) not found at /usr/bin/packer");
  struct Outcome {
    std::set<std::string> actions;
    std::string name, description;
    std::map<std::string, std::string> tags;
    int terminated = 0, key_pairs = 0;
  };
  auto outcome = [](const test::Moto& moto) {
    Outcome o;
    for (const auto& a : moto.actions()) o.actions.insert(a);
    auto st = moto_state(moto);
    REQUIRE(st["images"].GetArray().Size() == 1);
    const auto& image = st["images"][0];
    o.name = image["name"].GetString();
    o.description = image["description"].GetString();
    for (const auto& t : image["tags"].GetObject()) o.tags[t.name.GetString()] = t.value.GetString();
    for (const auto& inst : st["instances"].GetArray())
      if (std::string(inst["state"].GetString()) == "terminated") ++o.terminated;
    o.key_pairs = static_cast<int>(st["key_pairs"].GetArray().Size());
    return o;
  };
  const std::string extra = R"(, "ami_description": "differential", "skip_credential_validation": true,
    "skip_metadata_api_check": true)";

  test::Moto kiln_moto(template_credentials());
  Run r;
  r.run(ebs_template(kiln_moto.endpoint(), "kiln-diff", extra));
  REQUIRE(r.results.size() == 1);
  REQUIRE(r.results[0].ok);
  Outcome kiln = outcome(kiln_moto);

  test::Moto packer_moto(template_credentials());
  std::string json = ebs_template(packer_moto.endpoint(), "kiln-diff", extra);
  // Packer has no "probe" provisioner: give it none.
  json = json.substr(0, json.find(",\n  \"provisioners\"")) + "\n}";
  std::string path = packer_moto.dir() + "/packer.json";
  std::ofstream(path) << json;
  auto packer = test::run({"/usr/bin/packer", "build", "-machine-readable", path},
                          {"CHECKPOINT_DISABLE=1", "AWS_POLL_DELAY_SECONDS=1", "PACKER_CACHE_DIR=" + packer_moto.dir(),
                           "HOME=" + packer_moto.dir()});
  INFO(packer.out);
  REQUIRE(packer.status == 0);
  CHECK(packer.out.find("artifact,0,id,us-east-1:ami-") != std::string::npos);
  Outcome reference = outcome(packer_moto);

  CHECK(kiln.actions == reference.actions);
  CHECK(kiln.name == reference.name);
  CHECK(kiln.description == reference.description);
  CHECK(kiln.tags == reference.tags);
  CHECK(kiln.terminated == reference.terminated);
  CHECK(kiln.key_pairs == reference.key_pairs);
}
