#include "aws/imds.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "net/http.hpp"
#include "util/json_document.hpp"

namespace kiln::aws {

namespace {

constexpr const char* kDefaultEndpoint = "http://169.254.169.254";
// The SDKs' metadata client gives up quickly: off EC2 nothing answers.
constexpr std::chrono::milliseconds kTimeout{5000};

net::Request request(const Environment& env, std::string method, const std::string& url) {
  net::Request req;
  req.method = std::move(method);
  req.url = url;
  req.timeout = kTimeout;
  req.connect_timeout = kTimeout;
  req.environment = &env;
  return req;
}

// The IMDSv2 session token, or "" when the service does not hand out tokens (IMDSv1 only).
std::string session_token(const Environment& env, const std::string& base, const CancelToken& cancel) {
  net::Request req = request(env, "PUT", base + "/latest/api/token");
  req.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  net::Response resp = net::perform(req, cancel);
  return resp.status == 200 ? resp.body : std::string();
}

std::string member(const rapidjson::Document& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

InstanceIdentity instance_identity(const Environment& env, const CancelToken& cancel) {
  std::string base = env.value("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (base.empty()) base = kDefaultEndpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  try {
    std::string token = session_token(env, base, cancel);
    net::Request req = request(env, "GET", base + "/latest/dynamic/instance-identity/document");
    if (!token.empty()) req.headers = {{"X-aws-ec2-metadata-token", token}};
    net::Response resp = net::perform(req, cancel);
    rapidjson::Document doc;
    if (resp.status != 200 || !parse_document(doc, resp.body) || !doc.IsObject())
      throw Error(fmt::format("the instance metadata service at {} answered HTTP {} without an identity document",
                              base, resp.status),
                  ErrorCode::Build);
    InstanceIdentity id{member(doc, "instanceId"), member(doc, "region"), member(doc, "availabilityZone")};
    if (id.instance_id.empty())
      throw Error(fmt::format("the identity document from {} names no instance", base), ErrorCode::Build);
    return id;
  } catch (const net::TransportError& e) {
    throw Error(fmt::format("the instance metadata service at {} is unreachable: {}", base, e.what()),
                ErrorCode::Build);
  }
}

}  // namespace kiln::aws
