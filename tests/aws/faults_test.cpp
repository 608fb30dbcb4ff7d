// Faults between kiln and EC2 (issue 15): moto behind moto_proxy.py, which drops and resets
// connections, holds answers back past the client's timeout, and answers throttling and 5xx for
// chosen actions. kiln retries what the AWS SDK retries, fails naming the action when the fault
// persists, and the amazon-ebs build cleans up even when the faults hit its cleanup calls; what is
// left is read from moto directly, not through the proxy.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "../fixtures/moto/moto.hpp"
#include "../report.hpp"
#include "aws/ec2_client.hpp"
#include "kiln/build.hpp"
#include "net/http.hpp"

using namespace kiln;

namespace {

// faults-aws.json for scripts/reliability-report.sh, rewritten with the totals after each scenario.
struct Tally {
  int injected = 0, survived = 0, leaked = 0;
  void add(int faults, bool survived_all, bool leaked_any) {
    injected += faults;
    if (survived_all) survived += faults;
    if (leaked_any) leaked += faults;
    test::write_report("faults-aws", {{"faults_injected", injected}, {"survived", survived}, {"leaked", leaked}});
  }
} tally;

const aws::Credentials kCredentials{"AKIDKILNFAULTS", "kiln-faults-secret-key", "", "test"};

struct Outcome {
  BuildResult result;
  std::vector<Event> events;
  int retries() const {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [](const Event& e) {
      return e.kind == EventKind::Machine && e.text == "aws.retry";
    }));
  }
  bool said(const std::string& text) const {
    return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.text.find(text) != std::string::npos; });
  }
};

// One amazon-ebs build (communicator none, max_retries 2) against `moto`, with a private TMPDIR
// that must be empty afterwards; `fail` adds a provisioner that fails the build after the instance runs.
Outcome build(const test::Moto& moto, const std::string& ami_name, bool fail, bool& temp_left) {
  test::TempDir tmp;
  std::string json = fmt::format(R"({{
  "builders": [{{
    "type": "amazon-ebs", "access_key": "{}", "secret_key": "{}", "region": "us-east-1",
    "custom_endpoint_ec2": "{}", "skip_region_validation": true,
    "source_ami_filter": {{"filters": {{"name": "Windows_Server-2016-English-Nano-Base-*"}}, "owners": ["amazon"], "most_recent": true}},
    "instance_type": "t2.micro", "ami_name": "{}", "tags": {{"Built": "kiln"}}, "communicator": "none",
    "max_retries": 2, "aws_polling": {{"delay_seconds": 1, "max_attempts": 10}}
  }}],
  "provisioners": [{{"type": "shell-local", "inline": ["{}"]}}]
}})",
                                 kCredentials.access_key, kCredentials.secret_key, moto.endpoint(), ami_name,
                                 fail ? "exit 1" : "true");
  Outcome out;
  std::mutex m;
  BuildOptions options;
  auto env = Environment::capture()->entries({{"TMPDIR", tmp.path()}});
  std::map<std::string, std::string, std::less<>> vars;
  for (const auto& kv : env) vars.emplace(kv.substr(0, kv.find('=')), kv.substr(kv.find('=') + 1));
  options.environment = std::make_shared<const Environment>(std::move(vars));
  options.events = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) {
    std::lock_guard l(m);
    out.events.push_back(e);
  }));
  Session session(Template::parse(json, "faults.json"), std::move(options));
  session.prepare();
  auto results = session.run();
  REQUIRE(results.size() == 1);
  out.result = results[0];
  temp_left = !std::filesystem::is_empty(tmp.path());
  return out;
}

// What moto holds that a build can leave behind (instances unless terminated), read from moto
// directly; `kept_ami` (the build's artifact) and its snapshots are not counted.
std::set<std::string> resources(const test::Moto& moto, const std::string& kept_ami = "") {
  rapidjson::Document st;
  st.Parse(moto.check({"state"}).c_str());
  REQUIRE(st.IsObject());
  std::set<std::string> out, kept_snapshots;
  for (const auto& image : st["images"].GetArray()) {
    if (image["id"].GetString() == kept_ami) {
      for (const auto& b : image["block_devices"].GetArray()) kept_snapshots.insert(b["snapshot"].GetString());
      continue;
    }
    out.insert(std::string("image ") + image["id"].GetString());
  }
  for (const auto& snap : st["snapshots"].GetArray())
    if (!kept_snapshots.count(snap["id"].GetString())) out.insert(std::string("snapshot ") + snap["id"].GetString());
  for (const auto& inst : st["instances"].GetArray())
    if (std::string(inst["state"].GetString()) != "terminated")
      out.insert(std::string("instance ") + inst["id"].GetString() + " " + inst["state"].GetString());
  for (const auto& key : st["key_pairs"].GetArray()) out.insert(std::string("key pair ") + key.GetString());
  for (const auto& group : st["groups"].GetArray()) out.insert(std::string("security group ") + group["name"].GetString());
  for (const auto& volume : st["volumes"].GetArray())
    out.insert(std::string("volume ") + volume["id"].GetString() + " " + volume["state"].GetString());
  return out;
}

// What is in `after` and was not in `before`, one item a line.
std::string leftovers(const std::set<std::string>& before, const std::set<std::string>& after) {
  std::string lines;
  for (const auto& item : after)
    if (!before.count(item)) lines += item + "\n";
  return lines;
}

int count(const std::vector<std::string>& actions, const std::string& action) {
  return static_cast<int>(std::count_if(actions.begin(), actions.end(), [&](const std::string& a) {
    return a == action || a.rfind(action + " ", 0) == 0;
  }));
}

}  // namespace

TEST_CASE("amazon-ebs rides out one fault on every kind of call, cleanup calls included") {
  // Each faulted call is answered once with a fault, then forwarded: the build must succeed.
  const std::vector<std::string> faults = {
      "DescribeImages=throttling", "CreateKeyPair=reset",        "CreateSecurityGroup=503", "RunInstances=throttle",
      "StopInstances=500",         "CreateImage=drop",           "CreateTags=throttling",   "TerminateInstances=reset",
      "DeleteSecurityGroup=drop",  "DeleteKeyPair=throttling"};
  std::string list;
  for (const auto& f : faults) list += (list.empty() ? "" : ",") + f;
  test::Moto moto(test::MotoOptions{list, kCredentials});
  bool temp_left = false;
  auto before = resources(moto);
  Outcome o = build(moto, "kiln-faults-ride", false, temp_left);
  INFO(o.result.error);
  CHECK(o.result.ok);
  CHECK(o.retries() == static_cast<int>(faults.size()));
  auto actions = moto.actions();
  for (const auto& f : faults) {
    std::string action = f.substr(0, f.find('='));
    CAPTURE(action);
    CHECK(std::find(actions.begin(), actions.end(), action + " " + f.substr(f.find('=') + 1)) != actions.end());
  }
  std::string ami;
  if (o.result.ok && !o.result.artifacts.empty()) ami = o.result.artifacts[0]->id().substr(std::string("us-east-1:").size());
  auto left = leftovers(before, resources(moto, ami));
  CHECK(left == "");
  CHECK_FALSE(temp_left);
  tally.add(static_cast<int>(faults.size()), o.result.ok && !ami.empty() && left.empty() && !temp_left,
            !left.empty() || temp_left);
}

TEST_CASE("amazon-ebs fails naming the action when a fault persists, and cleans up what it made") {
  struct Case {
    std::string faults, action, cause;
  };
  // Before the instance, with the instance running, and after the image exists (its tags fail).
  const Case cases[] = {
      {"RunInstances=503*", "RunInstances", "503"},
      {"CreateImage=drop*", "CreateImage", "Empty reply"},
      {"CreateTags=throttling*", "CreateTags", "Throttling"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.faults);
    test::Moto moto(test::MotoOptions{c.faults, kCredentials});
    bool temp_left = false;
    auto before = resources(moto);
    Outcome o = build(moto, "kiln-faults-persist", false, temp_left);
    INFO(o.result.error);
    CHECK_FALSE(o.result.ok);
    bool named = o.result.error.find(c.action) != std::string::npos && o.result.error.find(c.cause) != std::string::npos;
    CHECK(named);
    CHECK(count(moto.actions(), c.action) == 3);  // max_retries 2: three attempts, no more
    auto left = leftovers(before, resources(moto));
    CHECK(left == "");
    CHECK_FALSE(temp_left);
    tally.add(1, !o.result.ok && named && left.empty() && !temp_left, !left.empty() || temp_left);
  }
}

TEST_CASE("a failing amazon-ebs build cleans up while its cleanup calls meet faults") {
  const std::vector<std::string> faults = {"TerminateInstances=throttling", "TerminateInstances=503",
                                           "DeleteSecurityGroup=reset", "DeleteKeyPair=500", "DeleteKeyPair=drop"};
  std::string list;
  for (const auto& f : faults) list += (list.empty() ? "" : ",") + f;
  test::Moto moto(test::MotoOptions{list, kCredentials});
  bool temp_left = false;
  auto before = resources(moto);
  Outcome o = build(moto, "kiln-faults-cleanup", true, temp_left);
  INFO(o.result.error);
  CHECK_FALSE(o.result.ok);
  bool named = o.result.error.find("non-zero exit status: 1") != std::string::npos;
  CHECK(named);
  CHECK(o.retries() == static_cast<int>(faults.size()));
  auto left = leftovers(before, resources(moto));
  CHECK(left == "");
  CHECK_FALSE(temp_left);
  tally.add(static_cast<int>(faults.size()), !o.result.ok && named && left.empty() && !temp_left,
            !left.empty() || temp_left);
}

TEST_CASE("a cleanup call that keeps failing is reported naming what it leaves, and the rest is still cleaned up") {
  // Not counted in faults-aws.json: with TerminateInstances refused every time, the instance must stay.
  test::Moto moto(test::MotoOptions{"TerminateInstances=500*", kCredentials});
  auto before = resources(moto);
  bool temp_left = false;
  Outcome o = build(moto, "kiln-faults-stuck", true, temp_left);
  CHECK_FALSE(o.result.ok);
  CHECK(count(moto.actions(), "TerminateInstances") == 3);
  auto stuck = std::find_if(o.events.begin(), o.events.end(), [](const Event& e) {
    return e.text.find("Error cleaning up source instance i-") != std::string::npos;
  });
  REQUIRE(stuck != o.events.end());
  CHECK(stuck->text.find("[EC2 TerminateInstances, 3 attempts]") != std::string::npos);
  // The key pair and the security group go (moto lets a group in use be deleted); the instance, named
  // in the message, and its volume stay.
  std::string left = leftovers(before, resources(moto));
  INFO(left);
  CHECK(left.find("key pair") == std::string::npos);
  CHECK(left.find("security group") == std::string::npos);
  std::string instance = stuck->text.substr(stuck->text.find("i-"), stuck->text.find(':', stuck->text.find("i-")) - stuck->text.find("i-"));
  CHECK(left.find("instance " + instance + " running") != std::string::npos);
  CHECK_FALSE(temp_left);
}

TEST_CASE("EC2 client: an answer held back past the timeout is retried, then reported naming the action") {
  aws::Ec2Options o;
  o.region = "us-east-1";
  o.credentials = test::MotoOptions{}.credentials;
  o.retry.max_attempts = 4;
  o.retry.base_delay = std::chrono::milliseconds(20);
  o.timeout = std::chrono::seconds(3);

  // Once: a retry gets moto's answer.
  test::Moto once("DescribeKeyPairs=delay:10");
  o.endpoint = once.endpoint();
  aws::Ec2Client patient(o);
  bool recovered = false;
  CHECK_NOTHROW(recovered = static_cast<bool>(patient.call("DescribeKeyPairs")->document_element().child("keySet")));
  CHECK(recovered);
  CHECK(once.actions().size() >= 2);  // the held-back one and its retries (a loaded moto may take a second one)

  // Always: every attempt times out, and the error says which call and why.
  test::Moto always("DescribeKeyPairs=delay:10*");
  o.endpoint = always.endpoint();
  o.retry.max_attempts = 3;
  aws::Ec2Client client(o);
  std::string error;
  try {
    client.call("DescribeKeyPairs");
  } catch (const net::TransportError& e) {
    error = e.what();
  }
  INFO(error);
  bool named = error.find("DescribeKeyPairs") != std::string::npos && error.find("imed out") != std::string::npos;
  CHECK(named);
  CHECK(always.actions().size() == 3);
  tally.add(2, recovered && named, false);
}
