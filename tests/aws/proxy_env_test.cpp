// EC2 calls go through the proxy the environment names, by the rules of Packer (Go's
// http.ProxyFromEnvironment), against a counting forward proxy on loopback and moto behind its
// signing proxy. "LOCALHOST" is a name for loopback that the hosts file resolves (no DNS) and that
// Go, unlike "localhost", does not exempt from proxying (checked against Packer 1.6.6).
#include <doctest/doctest.h>
#include <stdlib.h>

#include <fstream>
#include <map>

#include "../fixtures/moto/moto.hpp"
#include "aws/ec2_client.hpp"

using namespace kiln;
using namespace kiln::aws;

namespace {

// The environment snapshot the client reads the proxy variables from (never the live one).
class ProxyEnv {
 public:
  void set(const char* name, const std::string& value) { vars_[name] = value; }
  void unset(const char* name) { vars_.erase(name); }
  EnvironmentPtr snapshot() const { return std::make_shared<const Environment>(vars_); }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

// tests/fixtures/http_proxy/forward_proxy.py: counts what it carries.
class ForwardProxy {
 public:
  ForwardProxy() {
    child_ = test::Child({test::source_root() + "/.venv/bin/python",
                          test::source_root() + "/tests/fixtures/http_proxy/forward_proxy.py", "--port-file",
                          dir_.path() + "/port", "--log", dir_.path() + "/requests.log"},
                         {}, dir_.path() + "/proxy.log");
    port_ = test::port_from(dir_.path() + "/port", std::chrono::seconds(10));
    REQUIRE(port_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() const {
    std::ifstream in(dir_.path() + "/requests.log");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  test::TempDir dir_;
  int port_ = 0;
  test::Child child_;
};

bool call_succeeds(const test::Moto& moto, const std::string& endpoint, const ProxyEnv& env) {
  Ec2Options o;
  o.environment = env.snapshot();
  o.region = "us-east-1";
  o.endpoint = endpoint;
  o.credentials = moto.credentials();
  o.insecure_skip_tls_verify = true;  // the fixture's self-signed certificate
  o.retry.max_attempts = 1;
  return Ec2Client(o).call("DescribeRegions")->document_element().child("regionInfo").child("item");
}

}  // namespace

TEST_CASE("http:// endpoints: HTTP_PROXY or http_proxy carries the call, NO_PROXY or no_proxy bypasses it") {
  test::Moto moto;
  ForwardProxy proxy;
  ProxyEnv env;
  std::string endpoint = "http://LOCALHOST:" + std::to_string(moto.port()) + "/";
  std::string via_proxy = "POST " + endpoint;

  env.set("HTTP_PROXY", proxy.url());  // upper case: Go reads it, libcurl alone would not
  CHECK(call_succeeds(moto, endpoint, env));
  CHECK(proxy.requests() == std::vector<std::string>{via_proxy});
  env.unset("HTTP_PROXY");
  env.set("http_proxy", proxy.url());
  CHECK(call_succeeds(moto, endpoint, env));
  CHECK(proxy.requests() == std::vector<std::string>{via_proxy, via_proxy});

  env.set("NO_PROXY", "example.com,localhost");  // names match case-insensitively, in Go and libcurl
  CHECK(call_succeeds(moto, endpoint, env));
  env.unset("NO_PROXY");
  env.set("no_proxy", "localhost");
  CHECK(call_succeeds(moto, endpoint, env));
  CHECK(proxy.requests().size() == 2);
  // The signatures survived the proxy: the signing proxy let every call through to moto.
  CHECK(moto.actions() ==
        std::vector<std::string>{"DescribeRegions", "DescribeRegions", "DescribeRegions", "DescribeRegions"});
}

TEST_CASE("loopback addresses and localhost are never proxied, ALL_PROXY never used (as in Go)") {
  test::Moto moto;
  ForwardProxy proxy;
  ProxyEnv env;
  env.set("HTTP_PROXY", proxy.url());
  CHECK(call_succeeds(moto, "http://127.0.0.1:" + std::to_string(moto.port()), env));
  CHECK(call_succeeds(moto, "http://localhost:" + std::to_string(moto.port()), env));
  env.unset("HTTP_PROXY");
  env.set("ALL_PROXY", proxy.url());
  env.set("all_proxy", proxy.url());
  CHECK(call_succeeds(moto, "http://LOCALHOST:" + std::to_string(moto.port()), env));
  // The live environment is not read: a host's setenv after the snapshot changes nothing.
  setenv("HTTP_PROXY", proxy.url().c_str(), 1);
  CHECK(call_succeeds(moto, "http://LOCALHOST:" + std::to_string(moto.port()), env));
  unsetenv("HTTP_PROXY");
  CHECK(proxy.requests().empty());
}

TEST_CASE("https:// endpoints: HTTPS_PROXY or https_proxy tunnels the call with CONNECT; HTTP_PROXY does not") {
  test::MotoOptions tls;
  tls.tls = true;
  test::Moto moto(tls);
  ForwardProxy proxy;
  ProxyEnv env;
  std::string endpoint = "https://LOCALHOST:" + std::to_string(moto.port());
  std::string tunnel = "CONNECT LOCALHOST:" + std::to_string(moto.port());

  env.set("HTTP_PROXY", proxy.url());
  CHECK(call_succeeds(moto, endpoint, env));
  CHECK(proxy.requests().empty());
  env.set("HTTPS_PROXY", proxy.url());
  CHECK(call_succeeds(moto, endpoint, env));
  env.unset("HTTPS_PROXY");
  env.set("https_proxy", proxy.url());
  CHECK(call_succeeds(moto, endpoint, env));
  CHECK(proxy.requests() == std::vector<std::string>{tunnel, tunnel});
  env.set("NO_PROXY", "localhost");
  CHECK(call_succeeds(moto, endpoint, env));
  CHECK(proxy.requests().size() == 2);
  CHECK(moto.actions().size() == 4);
}
