// The amazon-ebs step sequence against moto_server, driven directly (no template layer).
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include "../fixtures/moto/moto.hpp"
#include "ebs_config.hpp"
#include "builders/amazon/artifact.hpp"
#include "builders/amazon/clients.hpp"
#include "builders/amazon/sequence.hpp"

using namespace kiln;
using namespace kiln::amazon;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::set<std::string> iam_minimal_actions() {
  std::ifstream in("aws/data/iam_minimal_actions.txt");
  std::set<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.insert(lower(line));
  return out;
}

rapidjson::Document moto_state(const test::Moto& moto, const std::string& region = "us-east-1") {
  rapidjson::Document d;
  d.Parse(moto.check({"state", region}).c_str());
  REQUIRE(!d.HasParseError());
  return d;
}

const rapidjson::Value* find_by(const rapidjson::Value& list, const char* key, const std::string& value) {
  for (const auto& item : list.GetArray())
    if (item[key].GetString() == value) return &item;
  return nullptr;
}

// The events and the run's parts, wired as the builder wires them.
struct Harness {
  test::Moto& moto;
  std::vector<Event> events;
  std::shared_ptr<EventBus> bus =
      std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) {
        events.push_back(e);
        if (on_event) on_event(e);
      }));
  std::function<void(const Event&)> on_event;
  std::vector<std::string> requests;
  CancelSource cancel;
  std::shared_ptr<Ec2Clients> clients;

  explicit Harness(test::Moto& m) : moto(m) {
    aws::Ec2Options o;
    o.region = "us-east-1";
    o.endpoint = moto.endpoint();
    o.credentials = moto.credentials();
    o.ui = Ui(bus, "amazon-ebs");
    o.cancel = cancel.token();
    o.on_request = [this](const std::string& action, int) { requests.push_back(action); };
    o.retry.max_attempts = 6;  // a loaded test machine can make moto stumble; Packer's default is 10
    clients = std::make_shared<Ec2Clients>(o);
  }

  bool said(const std::string& text) const {
    return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.text.find(text) != std::string::npos; });
  }

};

struct RecordingHook : ProvisionHook {
  int calls = 0;
  bool fail = false;
  void provision(Communicator*) override {
    ++calls;
    if (fail) throw Error("provisioner failed on purpose", ErrorCode::Build);
  }
  void run_provisioners(Communicator*) override { FAIL("amazon-ebs provisions in a provisioning step"); }
};

// Nothing of the build may remain but (when ok) the AMI and its snapshots.
void check_temporaries_gone(const rapidjson::Document& st, const std::string& key_pair, const std::string& group) {
  for (const auto& inst : st["instances"].GetArray())
    if (inst["key"].GetString() == key_pair) CHECK(std::string(inst["state"].GetString()) == "terminated");
  for (const auto& k : st["key_pairs"].GetArray()) CHECK(k.GetString() != key_pair);
  CHECK(find_by(st["groups"], "id", group) == nullptr);
}

}  // namespace

TEST_CASE("amazon-ebs steps build a tagged AMI and remove every temporary resource") {
  test::Moto moto;
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-ebs-ok");
  c.ami_description = "built by kiln";
  c.tags = {{"Name", "kiln-ebs-ok"}, {"team", "images"}};
  c.snapshot_tags = {{"snap", "yes"}};
  c.run_tags = {{"purpose", "kiln-test"}};
  c.run_volume_tags = {{"vol", "tmp"}};
  c.ami_users = {"111122223333"};
  c.snapshot_users = {"111122223333"};
  c.user_data = "#!/bin/sh\necho hello\n";
  auto device = [](std::string name, int64_t size) {
    BlockDevice d;
    d.device_name = std::move(name);
    d.delete_on_termination = true;
    d.volume_type = "gp2";
    d.volume_size = size;
    return d;
  };
  c.launch_block_device_mappings = {device("/dev/sda1", 12)};
  c.ami_block_device_mappings = {device("/dev/sdb", 5)};
  c.ena_support = true;

  RecordingHook hook;
  std::string seen_host, seen_key;
  EbsState state;
  {
    CleanupStack cleanup(Ui(h.bus, "amazon-ebs"));
    EbsRun run{c, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
               cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
    run_sequence(run, &hook, [&](EbsRun& r) -> std::unique_ptr<Communicator> {
      seen_host = r.state.host;
      seen_key = r.state.private_key;
      return nullptr;
    });
    state = run.state;
  }  // the stack unwinds here: instance, security group, key pair

  CHECK(hook.calls == 1);
  CHECK(seen_host == "127.0.0.1");
  CHECK(seen_key.find("PRIVATE KEY") != std::string::npos);
  REQUIRE(state.amis.count("us-east-1"));
  AmiArtifact artifact(state.amis, h.clients, Ui(h.bus, "amazon-ebs"));
  CHECK(artifact.id() == "us-east-1:" + state.amis["us-east-1"]);
  CHECK(artifact.builder_id() == "mitchellh.amazonebs");
  CHECK(artifact.description() == "AMIs were created:\nus-east-1: " + state.amis["us-east-1"] + "\n");

  auto st = moto_state(moto);
  const auto* image = find_by(st["images"], "id", state.amis["us-east-1"]);
  REQUIRE(image);
  CHECK(std::string((*image)["name"].GetString()) == "kiln-ebs-ok");
  auto modify = moto.bodies("ModifyImageAttribute");
  CHECK(std::any_of(modify.begin(), modify.end(), [](const std::string& b) {
    return b.find("Description.Value=built%20by%20kiln") != std::string::npos;
  }));
  CHECK(std::any_of(modify.begin(), modify.end(), [](const std::string& b) {
    return b.find("LaunchPermission.Add.1.UserId=111122223333") != std::string::npos;
  }));
  CHECK(std::string((*image)["tags"]["team"].GetString()) == "images");
  CHECK(std::string((*image)["tags"]["Name"].GetString()) == "kiln-ebs-ok");
  // moto keeps only the root device, so the mappings are checked on the wire.
  auto create_image = moto.bodies("CreateImage");
  REQUIRE(create_image.size() == 1);
  CHECK(create_image[0].find("BlockDeviceMapping.1.DeviceName=%2Fdev%2Fsdb&BlockDeviceMapping.1.Ebs.DeleteOnTermination="
                             "true&BlockDeviceMapping.1.Ebs.VolumeType=gp2&BlockDeviceMapping.1.Ebs.VolumeSize=5") !=
        std::string::npos);
  auto run_instances = moto.bodies("RunInstances");
  REQUIRE(run_instances.size() == 1);
  CHECK(run_instances[0].find("BlockDeviceMapping.1.DeviceName=%2Fdev%2Fsda1") != std::string::npos);
  CHECK(run_instances[0].find("UserData=IyEvYmluL3NoCmVjaG8gaGVsbG8K") != std::string::npos);
  CHECK(run_instances[0].find("TagSpecification.2.ResourceType=volume&TagSpecification.2.Tag.1.Key=vol") !=
        std::string::npos);
  REQUIRE(!state.snapshots["us-east-1"].empty());
  for (const auto& snap : state.snapshots["us-east-1"]) {
    const auto* s = find_by(st["snapshots"], "id", snap);
    REQUIRE(s);
    CHECK(std::string((*s)["tags"]["snap"].GetString()) == "yes");
  }
  const auto* inst = find_by(st["instances"], "id", state.instance.id);
  REQUIRE(inst);
  CHECK(std::string((*inst)["state"].GetString()) == "terminated");
  CHECK(std::string((*inst)["tags"]["purpose"].GetString()) == "kiln-test");
  check_temporaries_gone(st, state.key_pair_name, state.security_group_ids.at(0));
  CHECK(h.said("Prevalidating AMI Name: kiln-ebs-ok"));
  CHECK(h.said("Deleting temporary keypair..."));
  // The private key never reaches an event.
  for (const auto& e : h.events) CHECK(e.text.find("PRIVATE KEY-----\nMII") == std::string::npos);

  // Least privilege: every action issued (seen by the proxy too) is in Packer's minimal policy.
  auto allowed = iam_minimal_actions();
  REQUIRE(allowed.size() == 33);
  auto actions = moto.actions();
  CHECK(actions == h.requests);
  for (const auto& a : actions) {
    CAPTURE(a);
    CHECK(allowed.count(lower(a)) == 1);
  }

  // destroy() deregisters.
  artifact.destroy();
  auto after = moto_state(moto);
  CHECK(find_by(after["images"], "id", state.amis["us-east-1"]) == nullptr);
}

TEST_CASE("amazon-ebs steps: failures clean up everything and leave no AMI") {
  test::Moto moto;
  Harness h(moto);
  RecordingHook hook;
  EbsState state;
  std::string error;
  EbsConfig c = test::base_config("kiln-ebs-fail");

  auto build = [&](RecordingHook* hk) {
    CleanupStack cleanup(Ui(h.bus, "amazon-ebs"));
    EbsRun run{c, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
               cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
    try {
      run_sequence(run, hk, [](EbsRun&) { return std::unique_ptr<Communicator>(); });
    } catch (const std::exception& e) {
      error = e.what();
      state = run.state;
      throw;
    }
  };

  SUBCASE("the provisioner fails") {
    hook.fail = true;
    CHECK_THROWS_AS(build(&hook), Error);
    CHECK(error == "provisioner failed on purpose");
    CHECK(hook.calls == 1);
  }
  SUBCASE("cancelled while waiting for the AMI") {
    h.on_event = [&](const Event& e) {
      if (e.text == "Waiting for AMI to become ready...") h.cancel.cancel();
    };
    CHECK_THROWS_AS(build(&hook), Cancelled);
    CHECK(state.amis.count("us-east-1") == 1);  // created, then deregistered by its undo
    CHECK(h.said("Deregistering the AMI and deleting associated snapshots"));
  }
  auto st = moto_state(moto);
  for (const auto& image : st["images"].GetArray()) CHECK(std::string(image["name"].GetString()) != "kiln-ebs-fail");
  REQUIRE(!state.instance.id.empty());
  const auto* inst = find_by(st["instances"], "id", state.instance.id);
  REQUIRE(inst);
  CHECK(std::string((*inst)["state"].GetString()) == "terminated");
  check_temporaries_gone(st, state.key_pair_name, state.security_group_ids.at(0));
}

TEST_CASE("amazon-ebs steps: an AMI name in use stops the build before anything is launched") {
  test::Moto moto;
  std::string existing = moto.check({"create-image", "kiln-ebs-taken"});
  existing.erase(existing.find_last_not_of("\n") + 1);
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-ebs-taken");
  CleanupStack cleanup(Ui(h.bus, "amazon-ebs"));
  EbsRun run{c, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
             cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
  RecordingHook hook;
  CHECK_THROWS_WITH(run_sequence(run, &hook, [](EbsRun&) { return std::unique_ptr<Communicator>(); }),
                    ("Error: AMI Name: 'kiln-ebs-taken' is used by an existing AMI: " + existing).c_str());
  CHECK(hook.calls == 0);
  CHECK(cleanup.empty());
  auto actions = moto.actions();
  CHECK(std::find(actions.begin(), actions.end(), "RunInstances") == actions.end());
  CHECK(std::find(actions.begin(), actions.end(), "CreateKeyPair") == actions.end());
}

TEST_CASE("amazon-ebs steps: on-error=abort keeps the resources and lists them") {
  test::Moto moto;
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-ebs-abort");
  RecordingHook hook;
  hook.fail = true;
  std::vector<std::string> left;
  EbsState state;
  {
    CleanupStack cleanup(Ui(h.bus, "amazon-ebs"));
    EbsRun run{c, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
               cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
    CHECK_THROWS(run_sequence(run, &hook, [](EbsRun&) { return std::unique_ptr<Communicator>(); }));
    state = run.state;
    left = cleanup.release();  // what BuilderContext::finish does under on-error=abort
  }
  REQUIRE(left.size() == 4);
  CHECK(left[0] == "source instance " + state.instance.id);
  CHECK(left[1] == "extra volumes of the source instance");
  CHECK(left[2] == "temporary security group " + state.security_group_ids.at(0));
  CHECK(left[3] == "temporary key pair " + state.key_pair_name);
  auto st = moto_state(moto);
  const auto* inst = find_by(st["instances"], "id", state.instance.id);
  REQUIRE(inst);
  CHECK(std::string((*inst)["state"].GetString()) == "running");
  CHECK(find_by(st["groups"], "id", state.security_group_ids.at(0)) != nullptr);
}

TEST_CASE("amazon-ebs steps: force_deregister replaces an AMI; ami_regions copies and tags in each region") {
  test::Moto moto;
  std::string old = moto.check({"create-image", "kiln-ebs-regions"});
  old.erase(old.find_last_not_of("\n") + 1);
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-ebs-regions");
  c.force_deregister = true;
  c.force_delete_snapshot = true;
  c.ami_regions = {"us-west-2", "us-east-1"};
  c.tags = {{"copy", "yes"}};
  EbsState state;
  {
    CleanupStack cleanup(Ui(h.bus, "amazon-ebs"));
    EbsRun run{c, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
               cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
    run_sequence(run, nullptr, [](EbsRun&) { return std::unique_ptr<Communicator>(); });
    state = run.state;
  }
  REQUIRE(state.amis.size() == 2);
  AmiArtifact artifact(state.amis, h.clients, Ui(h.bus, "amazon-ebs"));
  CHECK(artifact.id() == "us-east-1:" + state.amis["us-east-1"] + ",us-west-2:" + state.amis["us-west-2"]);
  CHECK(h.said("Deregistered AMI kiln-ebs-regions, id: " + old));

  auto east = moto_state(moto);
  CHECK(find_by(east["images"], "id", old) == nullptr);
  const auto* image = find_by(east["images"], "id", state.amis["us-east-1"]);
  REQUIRE(image);
  CHECK(std::string((*image)["tags"]["copy"].GetString()) == "yes");
  auto west = moto_state(moto, "us-west-2");
  const auto* copy = find_by(west["images"], "id", state.amis["us-west-2"]);
  REQUIRE(copy);
  CHECK(std::string((*copy)["name"].GetString()) == "kiln-ebs-regions");
  CHECK(std::string((*copy)["tags"]["copy"].GetString()) == "yes");
  auto copies = moto.bodies("CopyImage");
  REQUIRE(copies.size() == 1);
  CHECK(copies[0].find("SourceRegion=us-east-1") != std::string::npos);

  artifact.destroy();
  CHECK(find_by(moto_state(moto, "us-west-2")["images"], "id", state.amis["us-west-2"]) == nullptr);
}
