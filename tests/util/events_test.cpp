#include <doctest/doctest.h>

#include <vector>

#include "kiln/cleanup.hpp"
#include "kiln/events.hpp"
#include "util/base64.hpp"

using namespace kiln;

TEST_CASE("event bus masks every registered secret") {
  std::vector<Event> got;
  auto bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) { got.push_back(e); }));
  bus->add_secret("s3cr3t");
  bus->add_secret("s3cr3t-longer");
  Ui ui(bus, "web");
  ui.say("key=s3cr3t and s3cr3t-longer");
  REQUIRE(got.size() == 1);
  CHECK(got[0].text == "key=<sensitive> and <sensitive>");
  CHECK(got[0].build == "web");
}

TEST_CASE("event bus masks a secret's encoded forms and the build name") {
  std::vector<Event> got;
  auto bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) { got.push_back(e); }));
  const std::string secret = "pa55/w+rd=Kiln";
  bus->add_secret(secret);
  bus->add_secret("team-pa55");
  Ui ui(bus, "build-team-pa55");
  ui.say("url: https://h/?p=pa55%2Fw%2Brd%3DKiln");
  ui.say("basic: " + base64("user:" + secret) + " " + base64("x" + secret + "yz"));
  ui.say("json: {\"p\": \"pa55/w+rd=Kiln\"} " + base64url(secret));
  REQUIRE(got.size() == 3);
  CHECK(got[0].text == "url: https://h/?p=<sensitive>");
  for (const auto& e : got) {
    CHECK(e.text.find(secret) == std::string::npos);
    CHECK(e.build == "build-<sensitive>");
  }
  // Only the characters that depend on nothing but the secret are masked; "dXNlcjp" is "user:".
  CHECK(got[1].text.rfind("basic: dXNlcj", 0) == 0);
  for (const auto& text : {base64("user:" + secret), base64("x" + secret + "yz"), base64url(secret)})
    for (const auto& e : got) CHECK(e.text.find(text) == std::string::npos);
}

TEST_CASE("thousands of secrets: each is masked, and one that contains another whole") {
  // Each secret was looked for among all known and all were sorted again: 4,000 sensitive variables
  // took 41 s to validate.
  std::vector<Event> got;
  auto bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) { got.push_back(e); }));
  for (int i = 0; i < 20000; ++i) bus->add_secret("secret-" + std::to_string(i) + "-value");
  bus->add_secret("secret-7-value");  // again
  bus->add_secret("secret-7-value-and-more");
  Ui ui(bus, "b");
  ui.say("secret-0-value secret-19999-value secret-7-value-and-more secret-7-value");
  REQUIRE(got.size() == 1);
  CHECK(got[0].text == "<sensitive> <sensitive> <sensitive> <sensitive>");
}

TEST_CASE("short encoded forms are not masked: they would hide ordinary text") {
  std::vector<Event> got;
  auto bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) { got.push_back(e); }));
  bus->add_secret("abc");  // base64 "YWJj" would mask any text holding those four letters
  Ui ui(bus, "b");
  ui.say("abc YWJj");
  REQUIRE(got.size() == 1);
  CHECK(got[0].text == "<sensitive> YWJj");
}

TEST_CASE("cleanup stack unwinds in reverse and reports failures without throwing") {
  std::vector<std::string> order;
  std::vector<Event> got;
  auto bus = std::make_shared<EventBus>(std::make_shared<FunctionSink>([&](const Event& e) { got.push_back(e); }));
  {
    CleanupStack stack(Ui(bus, "b"));
    stack.push("first", [&] { order.push_back("first"); });
    stack.push("broken", [] { throw std::runtime_error("boom"); });
    stack.push("last", [&] { order.push_back("last"); });
  }
  CHECK(order == std::vector<std::string>{"last", "first"});
  REQUIRE(got.size() == 1);
  CHECK(got[0].kind == EventKind::Error);
  CHECK(got[0].text.find("broken: boom") != std::string::npos);
}

TEST_CASE("release forgets the undos and lists what was left") {
  int ran = 0;
  CleanupStack stack;
  stack.push("instance i-1", [&] { ++ran; });
  stack.push("key pair", [&] { ++ran; });
  auto left = stack.release();
  stack.unwind();
  CHECK(ran == 0);
  CHECK(left == std::vector<std::string>{"key pair", "instance i-1"});
}
