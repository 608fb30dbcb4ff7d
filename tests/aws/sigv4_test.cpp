#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

#include "aws/query.hpp"
#include "aws/sigv4.hpp"
#include "support.hpp"

using namespace kiln;
using namespace kiln::aws;

namespace {

std::chrono::system_clock::time_point at(int64_t unix_seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
}

std::string venv_python() { return test::source_root() + "/.venv/bin/python"; }

const char* kSuite = "aws/data/sigv4_suite.json";

Pairs pairs(const rapidjson::Value& list) {
  Pairs out;
  for (const auto& p : list.GetArray()) out.emplace_back(p[0].GetString(), p[1].GetString());
  return out;
}

std::string member(const rapidjson::Value& v, const char* name) {
  return v.HasMember(name) ? v[name].GetString() : "";
}

}  // namespace

TEST_CASE("SigV4 signs every vector of AWS's test suite as botocore does") {
  std::ifstream in(kSuite);
  REQUIRE(in);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document suite;
  suite.Parse(text.c_str());
  REQUIRE(!suite.HasParseError());

  auto theirs = test::run({venv_python(), "aws/botocore_suite.py", kSuite});
  REQUIRE(theirs.status == 0);
  std::map<std::string, std::string> expected;
  std::istringstream lines(theirs.out);
  for (std::string line; std::getline(lines, line);)
    expected[line.substr(0, line.find('\t'))] = line.substr(line.find('\t') + 1);
  // botocore is the oracle only if it gives AWS's published answer (the SigV4 docs' get-vanilla).
  CHECK(expected["get-vanilla"] ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

  const auto& vectors = suite["vectors"];
  REQUIRE(vectors.Size() >= 34);
  CHECK(expected.size() == vectors.Size());
  for (const auto& v : vectors.GetArray()) {
    std::string name = v["name"].GetString();
    CAPTURE(name);
    SignableRequest req{v["method"].GetString(), v["path"].GetString(),
                        v.HasMember("query") ? pairs(v["query"]) : Pairs{}, pairs(v["headers"]), member(v, "body")};
    bool token_signed = !v.HasMember("token_after_signing");
    Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                      token_signed ? member(v, "token") : "", "test"};
    std::string service = v.HasMember("service") ? member(v, "service") : "service";
    CHECK(sign(req, creds, "us-east-1", service, at(1440938160)) == expected[name]);
  }
}

TEST_CASE("SigV4 path normalisation follows botocore: dot segments and empty segments go") {
  CHECK(normalize_path("") == "/");
  CHECK(normalize_path("/") == "/");
  CHECK(normalize_path("//example//") == "/example/");
  CHECK(normalize_path("/example1/example2/../..") == "/");
  CHECK(normalize_path("/../a/./b/") == "/a/b/");
  CHECK(normalize_path("/a/b/..") == "/a");
  SignableRequest s3{"GET", "/b//k/../x", {}, {{"Host", "b.s3.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}}, ""};
  CHECK(canonical_request(s3, nullptr, false).starts_with("GET\n/b//k/../x\n"));
  CHECK(canonical_request(s3).starts_with("GET\n/b/x\n"));
}

TEST_CASE("SigV4 building blocks match the documented example") {
  // The derived-key example from the SigV4 docs: GET / with no query, the empty-body hash.
  CHECK(hex_sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(amz_date(at(1440938160)) == "20150830T123600Z");
  CHECK(uri_encode("a b/~c*", false) == "a%20b%2F~c%2A");
  CHECK(uri_encode("/a b/", true) == "/a%20b/");
  SignableRequest req{"GET", "/", {}, {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}}, ""};
  std::string names;
  CHECK(canonical_request(req, &names) ==
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(names == "host;x-amz-date");
}

TEST_CASE("EC2 query parameters flatten lists, filters and tag specifications") {
  QueryParams p;
  p.add("Action", "RunInstances").add("Version", "2016-11-15");
  p.add_list("Owner", {"self", "amazon"});
  p.add_filters({{"name", {"ubuntu/*", "debian-*"}}, {"state", {"available"}}});
  p.add_tag_specification("instance", {{"Name", "kiln build"}, {"team", "a&b"}});
  p.add_tag_specification("volume", {});
  p.add_tag_specification("volume", {{"k", "v"}});
  CHECK(p.form_body() ==
        "Action=RunInstances&Version=2016-11-15&Owner.1=self&Owner.2=amazon"
        "&Filter.1.Name=name&Filter.1.Value.1=ubuntu%2F%2A&Filter.1.Value.2=debian-%2A"
        "&Filter.2.Name=state&Filter.2.Value.1=available"
        "&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=Name"
        "&TagSpecification.1.Tag.1.Value=kiln%20build&TagSpecification.1.Tag.2.Key=team"
        "&TagSpecification.1.Tag.2.Value=a%26b"
        "&TagSpecification.2.ResourceType=volume&TagSpecification.2.Tag.1.Key=k"
        "&TagSpecification.2.Tag.1.Value=v");
}

TEST_CASE("SigV4 agrees with botocore on EC2 requests (differential)") {
  struct Case {
    Credentials creds;
    std::string region;
    std::string host;
    QueryParams params;
  };
  std::vector<Case> cases;
  {
    QueryParams p;
    p.add("Action", "DescribeImages").add("Version", "2016-11-15");
    p.add_filters({{"name", {"ubuntu/images/*hvm-ssd/ubuntu-focal-20.04-amd64-server-*"}}});
    p.add_list("Owner", {"099720109477"});
    cases.push_back({{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", ""},
                     "us-east-1", "ec2.us-east-1.amazonaws.com", p});
  }
  {
    QueryParams p;
    p.add("Action", "RunInstances").add("Version", "2016-11-15").add("ImageId", "ami-12345678");
    p.add("MinCount", "1").add("MaxCount", "1").add("UserData", "IyEvYmluL3NoCmVjaG8gaGk=");
    p.add_tag_specification("instance", {{"Name", "Packer Builder"}, {"x y", "ü+/="}});
    cases.push_back({{"ASIAEXAMPLE", "secret/with+chars", "FQoGZXIvYXdzEXAMPLE//token+=", ""},
                     "eu-west-3", "127.0.0.1:4566", p});
  }
  const std::string date = "20201215T083000Z";
  for (auto& c : cases) {
    std::string body = c.params.form_body();
    SignableRequest req{"POST", "/", {}, {{"Host", c.host},
                                          {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                                          {"X-Amz-Date", date}}, body};
    std::string mine = sign(req, c.creds, c.region, "ec2", {});
    auto theirs = test::run({venv_python(), "aws/botocore_sign.py", c.creds.access_key, c.creds.secret_key,
                             c.creds.session_token, date, c.region, "https://" + c.host + "/", body});
    REQUIRE(theirs.status == 0);
    CHECK(mine + "\n" == theirs.out);
  }
}
