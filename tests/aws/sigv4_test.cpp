#include <doctest/doctest.h>

#include <chrono>
#include <fstream>

#include "aws/query.hpp"
#include "aws/sigv4.hpp"
#include "support.hpp"

using namespace kiln;
using namespace kiln::aws;

namespace {

struct Vector {
  std::string name;
  SignableRequest req;
  std::string authz;
};

std::vector<Vector> load_vectors() {
  std::ifstream in("aws/data/sigv4_vectors.txt");
  REQUIRE(in);
  std::vector<Vector> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      out.push_back(Vector{line.substr(1, line.size() - 2), {}, {}});
      continue;
    }
    auto sp = line.find(' ');
    std::string field = line.substr(0, sp), value = line.substr(sp + 1);
    auto& v = out.back();
    if (field == "method") v.req.method = value;
    if (field == "path") v.req.path = value;
    if (field == "body") v.req.body = value;
    if (field == "authz") v.authz = value;
    if (field == "query") {
      auto eq = value.find('=');
      v.req.query.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    }
    if (field == "header") {
      auto colon = value.find(':');
      v.req.headers.emplace_back(value.substr(0, colon), value.substr(colon + 1));
    }
  }
  return out;
}

std::chrono::system_clock::time_point at(int64_t unix_seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
}

}  // namespace

TEST_CASE("SigV4 reproduces the AWS test suite's published signatures") {
  auto vectors = load_vectors();
  REQUIRE(vectors.size() >= 19);
  Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "test"};
  for (auto& v : vectors) {
    CAPTURE(v.name);
    SignableRequest req = v.req;
    CHECK(sign(req, creds, "us-east-1", "service", at(1440938160)) == v.authz);
  }
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
    auto theirs = test::run({"/usr/bin/python3", "aws/botocore_sign.py", c.creds.access_key, c.creds.secret_key,
                             c.creds.session_token, date, c.region, "https://" + c.host + "/", body});
    REQUIRE(theirs.status == 0);
    CHECK(mine + "\n" == theirs.out);
  }
}
