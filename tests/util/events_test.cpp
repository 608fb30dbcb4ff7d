#include <doctest/doctest.h>

#include <vector>

#include "kiln/cleanup.hpp"
#include "kiln/events.hpp"

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
