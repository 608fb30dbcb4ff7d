// Spot instances for the amazon builders, as Packer 1.6.6 asks for them (a launch template and an
// instant CreateFleet), against moto_server: what goes on the wire, what moto ends up holding, and
// the launch template and instance removed after a success, a failing provisioner and a cancel.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include "../fixtures/moto/moto.hpp"
#include "ebs_config.hpp"
#include "builders/amazon/clients.hpp"
#include "builders/amazon/sequence.hpp"
#include "kiln/build.hpp"

using namespace kiln;
using namespace kiln::amazon;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Packer's minimal policy plus what its docs add for spot instances.
std::set<std::string> allowed_actions() {
  std::set<std::string> out;
  for (const char* file : {"aws/data/iam_minimal_actions.txt", "aws/data/iam_spot_actions.txt"}) {
    std::ifstream in(file);
    REQUIRE(in);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') out.insert(lower(line));
  }
  return out;
}

bool has_param(const std::string& body, const std::string& name, const std::string& value) {
  std::string p = name + "=" + value;
  size_t at = body.find(p);
  while (at != std::string::npos) {
    bool starts = at == 0 || body[at - 1] == '&';
    bool ends = at + p.size() == body.size() || body[at + p.size()] == '&';
    if (starts && ends) return true;
    at = body.find(p, at + 1);
  }
  return false;
}
bool has_name(const std::string& body, const std::string& name) {
  return body.rfind(name + "=", 0) == 0 || body.find("&" + name + "=") != std::string::npos;
}

// The run's parts, wired as the builder wires them; the hook can fail or cancel the build.
struct SpotBuild {
  test::Moto moto;
  std::shared_ptr<EventBus> bus;
  std::vector<std::string> said;
  CancelSource cancel;
  std::shared_ptr<Ec2Clients> clients;
  EbsState state;
  std::string error;

  SpotBuild() {
    bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) { said.push_back(e.text); }));
    aws::Ec2Options o;
    o.region = "us-east-1";
    o.endpoint = moto.endpoint();
    o.credentials = moto.credentials();
    o.ui = Ui(bus, "amazon-ebs");
    o.cancel = cancel.token();
    o.retry.max_attempts = 6;
    clients = std::make_shared<Ec2Clients>(o);
  }

  // Runs the amazon-ebs sequence with communicator none; `provision` is the provisioning hook.
  bool run(const EbsConfig& c, std::function<void()> provision = {}) {
    struct Hook : ProvisionHook {
      std::function<void()> fn;
      void provision(Communicator*) override {
        if (fn) fn();
      }
      void run_provisioners(Communicator*) override { FAIL("amazon-ebs provisions in a provisioning step"); }
    } hook;
    hook.fn = std::move(provision);
    CleanupStack cleanup(Ui(bus, "amazon-ebs"));
    EbsRun r{c, clients->get(c.region), [&](const std::string& region) -> aws::Ec2Client& { return clients->get(region); },
             cleanup, Ui(bus, "amazon-ebs"), cancel.token(), {}, nullptr, {}};
    try {
      run_sequence(r, &hook, {});
    } catch (const std::exception& e) {
      error = e.what();
      state = r.state;
      return false;
    }
    state = r.state;
    return true;
  }

  rapidjson::Document moto_state() const {
    rapidjson::Document d;
    d.Parse(moto.check({"state"}).c_str());
    REQUIRE(!d.HasParseError());
    return d;
  }

  std::string only(const std::string& action) const {
    auto bodies = moto.bodies(action);
    REQUIRE(bodies.size() == 1);
    return bodies[0];
  }
};

EbsConfig spot_config(const std::string& ami_name) {
  EbsConfig c = test::base_config(ami_name);
  c.communicator = "none";
  c.spot_price = "0.05";
  return c;
}

// No launch template, every instance terminated, no AMI named `ami_name`.
void check_nothing_left(const rapidjson::Document& st, const std::string& ami_name) {
  CHECK(st["launch_templates"].Size() == 0);
  for (const auto& i : st["instances"].GetArray()) CHECK(std::string(i["state"].GetString()) == "terminated");
  for (const auto& i : st["images"].GetArray()) CHECK(std::string(i["name"].GetString()) != ami_name);
  CHECK(st["key_pairs"].Size() == 0);
}

}  // namespace

TEST_CASE("spot: a launch template and an instant fleet, tagged, removed after the AMI is made") {
  SpotBuild b;
  EbsConfig c = spot_config("kiln-spot-ok");
  c.spot_tags = {{"request", "{{ .SourceAMIName }}"}};
  c.run_tags = {{"purpose", "kiln-spot"}};
  c.user_data = "#!/bin/sh\necho spot\n";
  c.launch_block_device_mappings = {BlockDevice{"/dev/sda1", true, {}, 0, 0, false, "", "", "gp2", 9, ""}};
  std::string template_name;
  REQUIRE(b.run(c, [&] {
    // While provisioning, the launch template exists with the spot tags.
    auto st = b.moto_state();
    REQUIRE(st["launch_templates"].Size() == 1);
    template_name = st["launch_templates"][0]["name"].GetString();
    CHECK(std::string(st["launch_templates"][0]["tags"]["request"].GetString()).find("Windows_Server-2016") == 0);
  }));
  CHECK(template_name.rfind("packer-fleet-launch-template-", 0) == 0);
  CHECK(template_name.size() == std::string("packer-fleet-launch-template-").size() + 7);

  std::string lt = b.only("CreateLaunchTemplate");
  CHECK(has_param(lt, "LaunchTemplateName", template_name));
  CHECK(has_param(lt, "LaunchTemplateData.InstanceMarketOptions.MarketType", "spot"));
  CHECK(has_param(lt, "LaunchTemplateData.InstanceMarketOptions.SpotOptions.MaxPrice", "0.05"));
  CHECK(has_param(lt, "LaunchTemplateData.InstanceType", "t2.micro"));
  CHECK(has_param(lt, "LaunchTemplateData.ImageId", b.state.source.id));
  CHECK(has_param(lt, "LaunchTemplateData.KeyName", b.state.key_pair_name));
  CHECK(has_param(lt, "LaunchTemplateData.SecurityGroupId.1", b.state.security_group_ids.at(0)));
  CHECK(has_param(lt, "LaunchTemplateData.UserData", "IyEvYmluL3NoCmVjaG8gc3BvdAo%3D"));
  CHECK(has_param(lt, "LaunchTemplateData.BlockDeviceMapping.1.DeviceName", "%2Fdev%2Fsda1"));
  CHECK(has_param(lt, "LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize", "9"));
  CHECK(has_param(lt, "TagSpecification.1.ResourceType", "launch-template"));
  std::string fleet = b.only("CreateFleet");
  CHECK(has_param(fleet, "Type", "instant"));
  CHECK(has_param(fleet, "LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateName", template_name));
  CHECK(has_param(fleet, "LaunchTemplateConfigs.1.LaunchTemplateSpecification.Version", "1"));
  CHECK(has_param(fleet, "TargetCapacitySpecification.TotalTargetCapacity", "1"));
  CHECK(has_param(fleet, "TargetCapacitySpecification.DefaultTargetCapacityType", "spot"));
  CHECK(has_param(fleet, "ReplaceUnhealthyInstances", "false"));
  CHECK_FALSE(has_name(fleet, "LaunchTemplateConfigs.1.Overrides.1.InstanceType"));

  auto actions = b.moto.actions();
  CHECK(std::count(actions.begin(), actions.end(), "RunInstances") == 0);
  CHECK(std::count(actions.begin(), actions.end(), "StopInstances") == 0);  // 1.6.6 does not stop spot instances
  auto at = [&](const std::string& a) { return std::find(actions.begin(), actions.end(), a) - actions.begin(); };
  CHECK(at("CreateLaunchTemplate") < at("CreateFleet"));
  CHECK(at("CreateFleet") < at("CreateImage"));
  CHECK(at("TerminateInstances") < at("DeleteLaunchTemplate"));
  auto allowed = allowed_actions();
  for (const auto& a : actions) {
    CAPTURE(a);
    CHECK(allowed.count(lower(a)) == 1);
  }

  auto st = b.moto_state();
  CHECK(st["launch_templates"].Size() == 0);
  bool found = false;
  for (const auto& i : st["instances"].GetArray()) {
    if (i["id"].GetString() != b.state.instance.id) continue;
    found = true;
    CHECK(std::string(i["lifecycle"].GetString()) == "spot");
    CHECK(std::string(i["state"].GetString()) == "terminated");
    CHECK(std::string(i["tags"]["Name"].GetString()) == "Packer Builder");  // CreateTags after the fleet, as Packer
    CHECK(std::string(i["tags"]["purpose"].GetString()) == "kiln-spot");
  }
  CHECK(found);
  int amis = 0;
  for (const auto& i : st["images"].GetArray()) amis += std::string(i["name"].GetString()) == "kiln-spot-ok";
  CHECK(amis == 1);
}

TEST_CASE("spot: spot_price auto and spot_instance_types leave the price and the type to the fleet") {
  SpotBuild b;
  EbsConfig c = spot_config("kiln-spot-auto");
  c.spot_price = "auto";
  c.instance_type.clear();
  c.spot_instance_types = {"t3.micro", "t3.small"};
  c.block_duration_minutes = 60;
  REQUIRE(b.run(c));
  std::string lt = b.only("CreateLaunchTemplate");
  CHECK_FALSE(has_name(lt, "LaunchTemplateData.InstanceMarketOptions.SpotOptions.MaxPrice"));
  CHECK(has_param(lt, "LaunchTemplateData.InstanceMarketOptions.SpotOptions.BlockDurationMinutes", "60"));
  CHECK_FALSE(has_name(lt, "LaunchTemplateData.InstanceType"));
  std::string fleet = b.only("CreateFleet");
  CHECK(has_param(fleet, "LaunchTemplateConfigs.1.Overrides.1.InstanceType", "t3.micro"));
  CHECK(has_param(fleet, "LaunchTemplateConfigs.1.Overrides.2.InstanceType", "t3.small"));
  auto st = b.moto_state();
  for (const auto& i : st["instances"].GetArray())
    if (i["id"].GetString() == b.state.instance.id) CHECK(std::string(i["type"].GetString()) == "t3.micro");
  CHECK(st["launch_templates"].Size() == 0);
  // 1.6.6 asks for no price history: "auto" caps the price at the on-demand price.
  auto actions = b.moto.actions();
  CHECK(std::count(actions.begin(), actions.end(), "DescribeSpotPriceHistory") == 0);
}

TEST_CASE("spot: a failing provisioner and a cancel remove the instance and the launch template") {
  SpotBuild b;
  EbsConfig c = spot_config("kiln-spot-fail");
  SUBCASE("the provisioner fails") {
    CHECK_FALSE(b.run(c, [] { throw Error("provisioner failed on purpose", ErrorCode::Build); }));
    CHECK(b.error == "provisioner failed on purpose");
  }
  SUBCASE("cancelled while provisioning") {
    CHECK_FALSE(b.run(c, [&] {
      b.cancel.cancel();
      b.cancel.token().throw_if_cancelled();
    }));
  }
  REQUIRE(!b.state.instance.id.empty());
  check_nothing_left(b.moto_state(), "kiln-spot-fail");
  auto actions = b.moto.actions();
  CHECK(std::count(actions.begin(), actions.end(), "DeleteLaunchTemplate") == 1);
  CHECK(std::count(actions.begin(), actions.end(), "TerminateInstances") == 1);
}

TEST_CASE("spot: Packer 1.6.6's checks") {
  auto problems = [](const std::string& keys) {
    std::string json = R"({"builders": [{"type": "amazon-ebs", "region": "us-east-1", "source_ami": "ami-12345678",
      "ami_name": "kiln-spot-checks", "communicator": "none", )" + keys + "}]}";
    try {
      Session(Template::parse(json, "t.json"), BuildOptions{}).prepare();
    } catch (const TemplateError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::string all = problems(R"("instance_type": "t2.micro", "spot_tags": {"a": "b"}, "block_duration_minutes": 61)");
  CHECK(all.find("builders[0].spot_tags: spot_tags should not be set when not requesting a spot instance") !=
        std::string::npos);
  CHECK(all.find("builders[0].block_duration_minutes: block_duration_minutes must be multiple of 60") !=
        std::string::npos);
  all = problems(R"("instance_type": "t2.micro", "spot_price": "0.1", "enable_t2_unlimited": true, "ena_support": true)");
  CHECK(all.find("T2 Unlimited cannot be used in conjunction with Spot Instances") != std::string::npos);
  CHECK(all.find("Spot instances do not support modification, which is required when either `ena_support` or "
                 "`sriov_support` are set.") != std::string::npos);
  all = problems(R"("instance_type": "t2.micro", "spot_instance_types": ["t3.micro"], "spot_price": "auto")");
  CHECK(all.find("either instance_type or spot_instance_types must be specified, not both") != std::string::npos);
  CHECK(problems(R"("spot_instance_types": ["t3.micro"], "spot_price": "auto", "spot_tags": {"a": "b"},
                    "spot_price_auto_product": "Linux/UNIX", "fleet_tags": {"f": "g"},
                    "spot_allocation_strategy": "capacity-optimized")")
            .empty());
}
