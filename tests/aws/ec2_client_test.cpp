#include <doctest/doctest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "../fixtures/moto/moto.hpp"
#include "aws/ec2_client.hpp"
#include "aws/error.hpp"
#include "net/http.hpp"

using namespace kiln;
using namespace kiln::aws;

namespace {

// Events arrive on the thread making the call; another thread may wait for one (count, wait_for)
// while they are appended, so both sides hold the lock. `events` is read directly only after the call.
struct Recorder {
  std::vector<Event> events;
  int requests = 0;
  std::mutex mutex;
  std::condition_variable appended;
  std::shared_ptr<EventBus> bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) {
    std::lock_guard lock(mutex);
    events.push_back(e);
    appended.notify_all();
  }));
  int count(const std::string& machine_type) {
    std::lock_guard lock(mutex);
    return count_locked(machine_type);
  }
  void wait_for(const std::string& machine_type) {
    std::unique_lock lock(mutex);
    appended.wait(lock, [&] { return count_locked(machine_type) > 0; });
  }

 private:
  int count_locked(const std::string& machine_type) const {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const Event& e) {
      return e.kind == EventKind::Machine && e.text == machine_type;
    }));
  }
};

Ec2Options options(const std::string& endpoint, Recorder& rec) {
  Ec2Options o;
  o.region = "us-east-1";
  o.endpoint = endpoint;
  o.credentials = test::MotoOptions{}.credentials;  // what the signing proxy accepts
  o.retry.max_attempts = 5;
  o.retry.base_delay = std::chrono::milliseconds(20);
  o.ui = Ui(rec.bus, "test");
  o.on_request = [&rec](const std::string&, int) { ++rec.requests; };
  return o;
}

}  // namespace

TEST_CASE("EC2 client: DescribeImages, CreateKeyPair, RunInstances against moto") {
  test::Moto moto;
  Recorder rec;
  Ec2Client ec2(options(moto.endpoint(), rec));

  QueryParams images;
  images.add_filters({{"name", {"Windows_Server-2016-English-Nano-Base-*"}}});
  auto doc = ec2.call("DescribeImages", images);
  auto item = doc->child("DescribeImagesResponse").child("imagesSet").child("item");
  REQUIRE(item);
  std::string ami = xml_text(item, {"imageId"});
  CHECK(ami.rfind("ami-", 0) == 0);
  CHECK(xml_text(item, {"name"}).rfind("Windows_Server-2016-English-Nano-Base-", 0) == 0);

  auto key = ec2.call("CreateKeyPair", QueryParams().add("KeyName", "kiln-test-key"));
  CHECK(xml_text(key->document_element(), {"keyName"}) == "kiln-test-key");
  CHECK(xml_text(key->document_element(), {"keyMaterial"}).find("PRIVATE KEY") != std::string::npos);

  QueryParams run;
  run.add("ImageId", ami).add("MinCount", "1").add("MaxCount", "1").add("InstanceType", "t2.micro");
  run.add("KeyName", "kiln-test-key");
  run.add_tag_specification("instance", {{"Name", "kiln test"}});
  auto ran = ec2.call("RunInstances", run);
  std::string id = xml_text(ran->document_element().child("instancesSet").child("item"), {"instanceId"});
  CHECK(id.rfind("i-", 0) == 0);

  auto described = ec2.call("DescribeInstances", QueryParams().add_list("InstanceId", {id}));
  auto inst = described->document_element().child("reservationSet").child("item").child("instancesSet").child("item");
  CHECK(xml_text(inst, {"instanceId"}) == id);
  CHECK(xml_text(inst, {"keyName"}) == "kiln-test-key");
  CHECK(xml_text(inst, {"tagSet", "item", "value"}) == "kiln test");

  CHECK(moto.actions() ==
        std::vector<std::string>{"DescribeImages", "CreateKeyPair", "RunInstances", "DescribeInstances"});
  CHECK(rec.requests == 4);
  CHECK(rec.count("aws.retry") == 0);
}

TEST_CASE("EC2 client: the signing proxy refuses what AWS refuses, and kiln names the refusal") {
  test::MotoOptions with_token;
  with_token.credentials.session_token = "kiln-session-token";
  test::Moto moto(with_token);
  Recorder rec;
  Ec2Options o = options(moto.endpoint(), rec);
  o.credentials = moto.credentials();
  CHECK(Ec2Client(o).call("DescribeRegions")->document_element().child("regionInfo").child("item"));

  auto refusal = [&](Ec2Options bad) {
    try {
      Ec2Client(bad).call("DescribeRegions");
    } catch (const AwsError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  Ec2Options wrong_secret = o;
  wrong_secret.credentials.secret_key = "not-the-secret";
  std::string err = refusal(wrong_secret);
  CHECK(err.find("SignatureDoesNotMatch: The request signature we calculated does not match") != std::string::npos);
  CHECK(err.find("status code: 403") != std::string::npos);
  Ec2Options wrong_key = o;
  wrong_key.credentials.access_key = "AKIDSOMEONEELSE";
  CHECK(refusal(wrong_key).find("AuthFailure") != std::string::npos);
  Ec2Options no_token = o;
  no_token.credentials.session_token.clear();
  CHECK(refusal(no_token).find("InvalidClientTokenId") != std::string::npos);
  Ec2Options wrong_region = o;  // the scope names the region the client signs for: any is valid
  wrong_region.region = "eu-west-3";
  CHECK(Ec2Client(wrong_region).call("DescribeAvailabilityZones"));

  // None is retried, none reaches moto.
  CHECK(moto.actions() == std::vector<std::string>{"DescribeRegions", "DescribeRegions SignatureDoesNotMatch",
                                                   "DescribeRegions AuthFailure",
                                                   "DescribeRegions InvalidClientTokenId",
                                                   "DescribeAvailabilityZones"});
}

TEST_CASE("EC2 client: error answers become typed AwsErrors; retries are bounded and logged") {
  test::Moto moto("throttle,503,500,pass,throttle,throttle,denied");
  Recorder rec;
  Ec2Options o = options(moto.endpoint(), rec);
  Ec2Client ec2(o);

  // Throttling, a plain 503 and an InternalError are retried until moto answers.
  auto doc = ec2.call("DescribeRegions");
  CHECK(doc->document_element().child("regionInfo").child("item"));
  CHECK(rec.count("aws.retry") == 3);
  auto retry = std::find_if(rec.events.begin(), rec.events.end(), [](const Event& e) { return e.text == "aws.retry"; });
  REQUIRE(retry != rec.events.end());
  REQUIRE(retry->args.size() == 5);
  CHECK(retry->args[1] == "DescribeRegions");
  CHECK(retry->args[4].find("RequestLimitExceeded") != std::string::npos);

  // Out of attempts: the last error is thrown, typed.
  o.retry.max_attempts = 2;
  Ec2Client impatient(o);
  try {
    impatient.call("DescribeAvailabilityZones");
    FAIL("expected RequestLimitExceeded");
  } catch (const AwsError& e) {
    CHECK(e.aws_code() == "RequestLimitExceeded");
    CHECK(e.http_status() == 503);
    CHECK(e.request_id() == "fault-6");
  }

  // Not retryable: one attempt only.
  CHECK_THROWS_WITH_AS(ec2.call("DescribeKeyPairs"), doctest::Contains("UnauthorizedOperation"), RemoteError);

  // moto's own error document.
  try {
    ec2.call("DescribeImages", QueryParams().add_list("ImageId", {"ami-12345678"}));
    FAIL("expected InvalidAMIID");
  } catch (const AwsError& e) {
    CHECK(e.aws_code().rfind("InvalidAMIID.", 0) == 0);
    CHECK(e.aws_message().find("ami-12345678") != std::string::npos);
    CHECK(!e.request_id().empty());
    CHECK(e.code() == ErrorCode::Remote);
  }

  CHECK(moto.actions() == std::vector<std::string>{
                              "DescribeRegions throttle", "DescribeRegions 503", "DescribeRegions 500",
                              "DescribeRegions", "DescribeAvailabilityZones throttle",
                              "DescribeAvailabilityZones throttle", "DescribeKeyPairs denied", "DescribeImages"});
}

TEST_CASE("EC2 client: cancel during backoff, unreachable endpoints, bad endpoints") {
  Recorder rec;
  SUBCASE("cancel interrupts the wait between retries") {
    test::Moto moto("throttle");
    Ec2Options o = options(moto.endpoint(), rec);
    o.retry.base_delay = std::chrono::hours(1);
    o.retry.max_backoff = std::chrono::hours(1);
    CancelSource source;
    o.cancel = source.token();
    Ec2Client ec2(o);
    std::thread canceller([&] {
      rec.wait_for("aws.retry");
      source.cancel();
    });
    CHECK_THROWS_AS(ec2.call("DescribeRegions"), Cancelled);
    canceller.join();
    CHECK(moto.actions() == std::vector<std::string>{"DescribeRegions throttle"});
  }
  SUBCASE("connection refused is a transient transport error, retried then reported") {
    test::ClosedPort closed;
    Ec2Options o = options("http://127.0.0.1:" + std::to_string(closed.port()), rec);
    o.retry.max_attempts = 2;
    Ec2Client ec2(o);
    try {
      ec2.call("DescribeRegions");
      FAIL("expected a transport error");
    } catch (const net::TransportError& e) {
      CHECK(e.transient());
      CHECK(std::string(e.what()).find("127.0.0.1") != std::string::npos);
    }
    CHECK(rec.requests == 2);
  }
  SUBCASE("a malformed endpoint is rejected up front") {
    CHECK_THROWS_WITH(Ec2Client(options("ftp://example.com", rec)), doctest::Contains("unsupported URL scheme"));
    CHECK_THROWS_WITH(Ec2Client(options("http://127.0.0.1:99999", rec)), doctest::Contains("bad port"));
  }
}

TEST_CASE("EC2 client registers the secret key so events never show it") {
  Recorder rec;
  Ec2Options o = options("http://127.0.0.1:1", rec);
  o.credentials.session_token = "session-token-value";
  Ec2Client ec2(o);
  Ui(rec.bus, "t").say("key kiln-test-secret-key token session-token-value");
  REQUIRE(!rec.events.empty());
  CHECK(rec.events.back().text == "key <sensitive> token <sensitive>");
}
