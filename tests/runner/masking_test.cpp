// Sensitive values never reach a caller through what Session throws or reports, only "<sensitive>".
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiln/build.hpp"

using namespace kiln;

namespace {

const std::string secret = "hunter2-Zq7";

// Provisioner "leak": its prepare reports `bad` as a problem, its provision throws `text`.
class LeakProvisioner : public Provisioner {
 public:
  const Schema& schema() const override {
    static const Schema s{{{"text", FieldType::String}, {"bad", FieldType::String}}};
    return s;
  }
  void prepare(const Config& c, Problems& problems) override {
    text_ = c.str("text");
    if (!c.str("bad").empty()) problems.add({}, "provisioners[0].bad", "cannot use \"" + c.str("bad") + "\"");
  }
  void provision(ProvisionerContext&) override { throw CommError("remote said: " + text_); }

 private:
  std::string text_;
};

struct Outcome {
  std::string thrown;
  ErrorCode code = ErrorCode::Error;
  bool template_error = false;
  std::vector<BuildResult> results;
  std::string events;
};

Outcome run(const std::string& json, VariableInput vars = {}) {
  auto registry = Registry::with_builtins();
  registry->add_provisioner("leak", [] { return std::make_unique<LeakProvisioner>(); });
  Outcome out;
  auto sink = std::make_shared<FunctionSink>([&out](const Event& e) { out.events += e.text + "\n"; });
  BuildOptions options;
  options.registry = registry;
  options.events = std::make_shared<EventBus>(sink);
  options.variables = std::move(vars);
  Session session(Template::parse(json, "t.json"), std::move(options));
  try {
    session.prepare();
    out.results = session.run();
  } catch (const TemplateError& e) {
    out.template_error = true;
    out.code = e.code();
    out.thrown = e.what();
    for (const auto& p : e.problems()) CHECK(p.message.find(secret) == std::string::npos);
  } catch (const Error& e) {
    out.code = e.code();
    out.thrown = e.what();
  }
  return out;
}

std::string with_provisioner(const std::string& provisioner) {
  return R"({"variables": {"pw": ")" + secret + R"("}, "sensitive-variables": ["pw"],
             "builders": [{"type": "null", "communicator": "none"}], "provisioners": [)" + provisioner + "]}";
}

}  // namespace

TEST_CASE("a configuration problem quoting a sensitive value is masked and keeps its type") {
  Outcome o = run(with_provisioner(R"({"type": "leak", "bad": "x{{user `pw`}}x"})"));
  CHECK(o.template_error);
  CHECK(o.code == ErrorCode::Config);
  CHECK(o.thrown.find("cannot use \"x<sensitive>x\"") != std::string::npos);
  CHECK(o.thrown.find(secret) == std::string::npos);
}

TEST_CASE("a value given with -var for a sensitive variable is masked in variable errors") {
  // Another default splits on the token and asks for a piece that is not there: the error quotes the token.
  Outcome o = run(R"({"variables": {"token": null, "piece": "{{split \"a-b\" (user `token`) 5}}"},
                      "sensitive-variables": ["token"], "builders": [{"type": "null", "communicator": "none"}]})",
                  VariableInput{{{{}, "token", secret}}});
  CHECK(o.template_error);
  CHECK(o.thrown.find("splitting on \"<sensitive>\"") != std::string::npos);
  CHECK(o.thrown.find(secret) == std::string::npos);
}

TEST_CASE("a sensitive value from a -var-file is masked when its own rendering fails") {
  auto file = std::filesystem::temp_directory_path() / "kiln-masking-vars.json";
  std::ofstream(file) << R"({"token": ")" + secret + R"({{user `nope`}}"})";
  VariableInput vars;
  vars.add_file(file.string());
  Outcome o = run(R"({"variables": {"token": null}, "sensitive-variables": ["token"],
                      "builders": [{"type": "null", "communicator": "none"}]})", vars);
  std::filesystem::remove(file);
  CHECK(o.template_error);
  CHECK(o.thrown.find("Failed to interpolate \"token\"") != std::string::npos);
  CHECK(o.thrown.find(secret) == std::string::npos);
}

TEST_CASE("a build error quoting a sensitive value is masked in the result and in events") {
  Outcome o = run(with_provisioner(R"({"type": "leak", "text": "login {{user `pw`}} refused"})"));
  REQUIRE(o.results.size() == 1);
  CHECK_FALSE(o.results[0].ok);
  CHECK(o.results[0].error.find("login <sensitive> refused") != std::string::npos);
  CHECK(o.results[0].error.find(secret) == std::string::npos);
  CHECK(o.events.find("login <sensitive> refused") != std::string::npos);
  CHECK(o.events.find(secret) == std::string::npos);
}

TEST_CASE("the manifest's custom_data masks sensitive values") {
  auto dir = std::filesystem::temp_directory_path() / ("kiln-mask-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto manifest = (dir / "manifest.json").string();
  Outcome o = run(R"({"variables": {"pw": ")" + secret + R"("}, "sensitive-variables": ["pw"],
                      "builders": [{"type": "null", "communicator": "none"}],
                      "post-processors": [{"type": "manifest", "output": ")" + manifest +
                  R"(", "custom_data": {"password": "{{user `pw`}}", "plain": "visible"}}]})");
  REQUIRE(o.results.size() == 1);
  CHECK(o.results[0].ok);
  std::ifstream in(manifest);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("\"password\": \"<sensitive>\"") != std::string::npos);
  CHECK(text.str().find("\"plain\": \"visible\"") != std::string::npos);
  CHECK(text.str().find(secret) == std::string::npos);
  std::filesystem::remove_all(dir);
}
