// The build runner's semantics, driven through Session with small plugins registered for the test.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "kiln/build.hpp"

using namespace kiln;
using namespace std::chrono_literals;

namespace {

// Shared record of what the test plugins did.
struct Journal {
  std::mutex m;
  std::vector<std::string> lines;
  std::atomic<int> attempts{0};
  std::atomic<int> active{0};
  std::atomic<int> most_active{0};
  void add(std::string s) {
    std::lock_guard l(m);
    lines.push_back(std::move(s));
  }
};
Journal* journal = nullptr;

// Provisioner "record": appends its "text" to the journal; fails while attempts < "fail_times".
class RecordProvisioner : public Provisioner {
 public:
  const Schema& schema() const override {
    static const Schema s{{{"text", FieldType::String}, {"fail_times", FieldType::Int}, {"sleep_ms", FieldType::Int}}};
    return s;
  }
  void prepare(const Config& c, Problems&) override {
    text_ = c.str("text");
    fail_times_ = static_cast<int>(c.integer("fail_times"));
    sleep_ = std::chrono::milliseconds(c.integer("sleep_ms"));
  }
  void provision(ProvisionerContext& ctx) override {
    int n = journal->attempts++;
    int now = ++journal->active;
    for (int seen = journal->most_active; now > seen && !journal->most_active.compare_exchange_weak(seen, now);) {
    }
    bool slept = !sleep_.count() || ctx.cancel.wait_for(sleep_);
    --journal->active;
    if (!slept) throw Cancelled();
    if (n < fail_times_) throw Error("planned failure " + std::to_string(n));
    journal->add(ctx.build_name + ":" + text_);
  }

 private:
  std::string text_;
  int fail_times_ = 0;
  std::chrono::milliseconds sleep_{0};
};

// Builder "resource": registers an undo for a pretend resource, then provisions.
class ResourceBuilder : public Builder {
 public:
  const Schema& schema() const override {
    static const Schema s{{{"id", FieldType::String}}};
    return s;
  }
  void prepare(const Config& c, Problems& p) override {
    id_ = c.str("id");
    if (id_.empty()) p.add(c.pos("id"), c.path(), "id is required");
  }
  ArtifactPtr run(BuilderContext& ctx) override {
    CleanupStack cleanup(ctx.ui);
    journal->add("create " + id_);
    cleanup.push("resource " + id_, [id = id_] { journal->add("delete " + id); });
    try {
      ctx.hook->provision(nullptr);
    } catch (...) {
      ctx.finish(cleanup, true);
      throw;
    }
    ctx.finish(cleanup, false);
    auto a = std::make_shared<BasicArtifact>();
    a->id_ = id_;
    a->description_ = "resource " + id_;
    a->on_destroy = [id = id_] { journal->add("destroy artifact " + id); };
    return a;
  }

 private:
  std::string id_;
};

// Post-processor "wrap": returns a new artifact "<input>+wrap"; keep_input decided by "keep".
class WrapPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override {
    static const Schema s{{{"keep", FieldType::Bool}, {"fail", FieldType::Bool}}};
    return s;
  }
  void prepare(const Config& c, Problems&) override {
    keep_ = c.boolean("keep");
    fail_ = c.boolean("fail");
  }
  PostProcessResult post_process(PostProcessorContext&, ArtifactPtr input) override {
    if (fail_) throw Error("wrap failed");
    auto a = std::make_shared<BasicArtifact>();
    a->id_ = input->id() + "+wrap";
    a->description_ = a->id_;
    a->on_destroy = [id = a->id_] { journal->add("destroy artifact " + id); };
    return {a, keep_, false};
  }

 private:
  bool keep_ = false, fail_ = false;
};

struct Run {
  Journal j;
  std::vector<Event> events;
  std::mutex em;
  std::vector<BuildResult> results;
  CancelSource cancel;

  Run() { journal = &j; }
  ~Run() { journal = nullptr; }

  Session session(const std::string& json, BuildOptions options = {}) {
    auto registry = Registry::with_builtins();
    registry->add_provisioner("record", [] { return std::make_unique<RecordProvisioner>(); });
    registry->add_builder("resource", [] { return std::make_unique<ResourceBuilder>(); });
    registry->add_post_processor("wrap", [] { return std::make_unique<WrapPostProcessor>(); });
    options.registry = registry;
    options.events = std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) {
      std::lock_guard l(em);
      events.push_back(e);
    }));
    options.cancel = cancel.token();
    return Session(Template::parse(json, "t.json"), std::move(options));
  }
  void run(const std::string& json, BuildOptions options = {}) {
    Session s = session(json, std::move(options));
    s.prepare();
    results = s.run();
  }
  bool said(const std::string& text) {
    std::lock_guard l(em);
    for (const auto& e : events)
      if (e.text.find(text) != std::string::npos) return true;
    return false;
  }
};

}  // namespace

TEST_CASE("provisioners run in order, honour only/except and overrides") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a", "name": "one"}, {"type": "resource", "id": "b", "name": "two"}],
           "provisioners": [{"type": "record", "text": "first", "override": {"two": {"text": "first-overridden"}}},
                            {"type": "record", "text": "only-one", "only": ["one"]},
                            {"type": "record", "text": "not-one", "except": ["one"]}]})",
        BuildOptions{.parallel_builds = 1});
  CHECK(r.j.lines == std::vector<std::string>{"create a", "one:first", "one:only-one", "delete a", "create b",
                                              "two:first-overridden", "two:not-one", "delete b"});
  REQUIRE(r.results.size() == 2);
  CHECK(r.results[0].ok);
  CHECK(r.results[1].ok);
}

TEST_CASE("-only and -except select a JSON template's builds by exact name, as Packer 1.6.6 (no globs)") {
  Run r;
  BuildOptions o;
  o.only = {"web-1", "web-2", "d*"};
  o.except = {"web-2"};
  Session s = r.session(R"({"builders": [{"type": "resource", "id": "1", "name": "web-1"},
                                         {"type": "resource", "id": "2", "name": "web-2"},
                                         {"type": "resource", "id": "3", "name": "db"}]})", o);
  s.prepare();
  REQUIRE(s.builds().size() == 1);
  CHECK(s.builds()[0]->name() == "web-1");
}

TEST_CASE("max_retries retries until success") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "provisioners": [{"type": "record", "text": "ok", "fail_times": 2, "max_retries": 2}]})");
  REQUIRE(r.results.size() == 1);
  CHECK(r.results[0].ok);
  CHECK(r.j.attempts == 3);
  CHECK(r.said("retrying with 1 trie(s) left"));
}

TEST_CASE("a failing provisioner fails the build and cleanup still runs") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "provisioners": [{"type": "record", "fail_times": 5, "max_retries": 1}],
           "error-cleanup-provisioner": {"type": "record", "text": "cleanup-provisioner"}})");
  REQUIRE(r.results.size() == 1);
  CHECK_FALSE(r.results[0].ok);
  CHECK(r.results[0].error.find("planned failure 1") != std::string::npos);
  CHECK(r.j.lines == std::vector<std::string>{"create a", "resource:cleanup-provisioner", "delete a"});
  CHECK(r.said("Some builds didn't complete successfully"));
}

TEST_CASE("on-error=run-cleanup-provisioner runs the error-cleanup-provisioner, then leaves resources") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "provisioners": [{"type": "record", "fail_times": 1}],
           "error-cleanup-provisioner": {"type": "record", "text": "cleanup-provisioner"}})",
        BuildOptions{.on_error = OnError::RunCleanupProvisioner});
  CHECK(r.j.lines == std::vector<std::string>{"create a", "resource:cleanup-provisioner"});
  CHECK(r.said("Leaving resource a behind"));
}

TEST_CASE("on-error=abort leaves resources, skips the cleanup provisioner, and says what was left") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}], "provisioners": [{"type": "record", "fail_times": 1}],
           "error-cleanup-provisioner": {"type": "record", "text": "cleanup-provisioner"}})",
        BuildOptions{.on_error = OnError::Abort});
  CHECK(r.j.lines == std::vector<std::string>{"create a"});
  CHECK(r.said("Leaving resource a behind"));
}

TEST_CASE("a provisioner timeout fails the build and names the timeout") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "provisioners": [{"type": "record", "sleep_ms": 10000, "timeout": "200ms"}, {"type": "record", "text": "never"}]})");
  REQUIRE(r.results.size() == 1);
  CHECK_FALSE(r.results[0].ok);
  CHECK(r.results[0].error.find("timed out after 200ms") != std::string::npos);
  CHECK(r.j.lines == std::vector<std::string>{"create a", "delete a"});
}

TEST_CASE("cancel stops a running build and cleanup runs") {
  Run r;
  Session s = r.session(R"({"builders": [{"type": "resource", "id": "a"}],
                            "provisioners": [{"type": "record", "sleep_ms": 30000}]})");
  s.prepare();
  std::thread canceller([&] {
    // Once the provisioner runs (bounded: the build ends on its own after 30 s if it never does).
    for (int i = 0; i < 3000 && r.j.active == 0; ++i) std::this_thread::sleep_for(10ms);
    r.cancel.cancel();
  });
  auto results = s.run();
  canceller.join();
  REQUIRE(results.size() == 1);
  CHECK(results[0].cancelled);
  CHECK(r.j.lines == std::vector<std::string>{"create a", "delete a"});
}

TEST_CASE("post-processor chains keep or destroy artifacts as Packer does") {
  Run r;
  // Sequence 1: one wrap. Sequence 2: wrap (keep=true) keeps the builder's artifact; the second wrap
  // (keep=false) destroys its input, sequence 2's first "a+wrap".
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "post-processors": [{"type": "wrap"}, [{"type": "wrap", "keep": true}, {"type": "wrap"}]]})");
  REQUIRE(r.results.size() == 1);
  REQUIRE(r.results[0].ok);
  std::vector<std::string> ids;
  for (const auto& a : r.results[0].artifacts) ids.push_back(a->id());
  CHECK(ids == std::vector<std::string>{"a", "a+wrap", "a+wrap+wrap"});
  CHECK(std::count(r.j.lines.begin(), r.j.lines.end(), "destroy artifact a+wrap") == 1);
}

TEST_CASE("keep_input_artifact from the template overrides the post-processor's default") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "post-processors": [[{"type": "wrap", "keep": true, "keep_input_artifact": false}]]})");
  REQUIRE(r.results[0].ok);
  REQUIRE(r.results[0].artifacts.size() == 1);
  CHECK(r.results[0].artifacts[0]->id() == "a+wrap");
  CHECK(std::count(r.j.lines.begin(), r.j.lines.end(), "destroy artifact a") == 1);
}

TEST_CASE("a failing post-processor fails the build but other sequences still run") {
  Run r;
  r.run(R"({"builders": [{"type": "resource", "id": "a"}],
           "post-processors": [{"type": "wrap", "fail": true}, {"type": "wrap"}]})");
  REQUIRE(r.results.size() == 1);
  CHECK_FALSE(r.results[0].ok);
  CHECK(r.results[0].error.find("Post-processor failed: wrap failed") != std::string::npos);
  REQUIRE(r.results[0].artifacts.size() == 1);
  CHECK(r.results[0].artifacts[0]->id() == "a+wrap");
  CHECK_FALSE(r.said("a+wrap"));  // as Packer, the summary lists the artifacts of successful builds only
}

TEST_CASE("configuration problems of every plugin are reported together") {
  Run r;
  Session s = r.session(R"({"builders": [{"type": "resource"}, {"type": "nope", "name": "x"}],
                            "provisioners": [{"type": "record", "txet": "typo"}],
                            "post-processors": [{"type": "unknown-pp"}]})");
  try {
    s.prepare();
    FAIL("expected an error");
  } catch (const TemplateError& e) {
    std::string what = e.what();
    CHECK(what.find("id is required") != std::string::npos);
    CHECK(what.find("unknown builder type \"nope\"") != std::string::npos);
    CHECK(what.find("unknown key \"txet\" (did you mean \"text\"?)") != std::string::npos);
    CHECK(what.find("unknown post-processor type \"unknown-pp\"") != std::string::npos);
    // Both builds share the provisioner and the post-processor: each problem is listed once.
    auto count = [&](const std::string& text) {
      size_t n = 0;
      for (size_t at = what.find(text); at != std::string::npos; at = what.find(text, at + 1)) ++n;
      return n;
    };
    CHECK(count("unknown post-processor type \"unknown-pp\"") == 1);
    CHECK(count("unknown key \"txet\"") == 1);
  }
}

TEST_CASE("references to builds that do not exist are rejected") {
  Run r;
  Session s = r.session(R"({"builders": [{"type": "resource", "id": "a"}],
                            "provisioners": [{"type": "record", "only": ["ghost"], "override": {"phantom": {}}}],
                            "post-processors": [{"type": "wrap", "except": ["spirit"]}]})");
  try {
    s.prepare();
    FAIL("expected an error");
  } catch (const TemplateError& e) {
    std::string what = e.what();
    CHECK(what.find("\"ghost\"") != std::string::npos);
    CHECK(what.find("\"phantom\"") != std::string::npos);
    CHECK(what.find("\"spirit\"") != std::string::npos);
  }
}

TEST_CASE("sensitive variables are masked in every event") {
  Run r;
  r.run(R"({"variables": {"password": "hunter2"}, "sensitive-variables": ["password"],
           "builders": [{"type": "resource", "id": "{{user `password`}}"}]})");
  CHECK(r.j.lines.front() == "create hunter2");  // the plugin sees the real value
  CHECK(r.said("resource <sensitive>"));
  CHECK_FALSE(r.said("hunter2"));
}

TEST_CASE("builds run in parallel up to the limit") {
  const char* two_builds = R"({"builders": [{"type": "resource", "id": "a", "name": "a"}, {"type": "resource", "id": "b", "name": "b"}],
                               "provisioners": [{"type": "record", "sleep_ms": 300}]})";
  Run unlimited;
  unlimited.run(two_builds);
  CHECK(unlimited.j.most_active == 2);
  Run one;
  one.run(two_builds, BuildOptions{.parallel_builds = 1});
  CHECK(one.j.most_active == 1);
  CHECK(one.results.size() == 2);
}
