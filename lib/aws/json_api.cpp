#include "aws/json_api.hpp"

#include <random>

#include <fmt/format.h>

#include "aws/error.hpp"
#include "aws/signed_post.hpp"
#include "util/json_document.hpp"

namespace kiln::aws {
namespace {

std::string endpoint_for(const Ec2Options& o, const JsonService& service) {
  if (!o.endpoint.empty()) return o.endpoint;
  if (o.environment)
    for (const std::string& name : {service.endpoint_env, std::string("AWS_ENDPOINT_URL")})
      if (auto v = o.environment->get(name); v && !v->empty()) return *v;
  return fmt::format("https://{}.{}.amazonaws.com/", service.signing_name, o.region);
}

// {"__type": "ParameterNotFound", "message": "…"}; __type may carry a "namespace#" prefix.
AwsError json_error(const net::Response& resp) {
  rapidjson::Document doc;
  if (parse_document(doc, resp.body) && doc.IsObject()) {
    std::string type = json_string(doc, "__type");
    type = type.substr(type.find('#') + 1);
    std::string message = json_string(doc, "message");
    if (message.empty()) message = json_string(doc, "Message");
    if (!type.empty()) return AwsError(type, message, resp.header("x-amzn-RequestId"), resp.status);
  }
  return parse_error_response(resp.status, resp.body);
}

}  // namespace

std::string json_string(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return {};
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

rapidjson::Document call_json_api(const Ec2Options& options, const JsonService& service, const std::string& action,
                                  const std::string& body) {
  if (options.region.empty())
    throw Error(fmt::format("{} client needs a region", service.signing_name), ErrorCode::Invalid);
  net::Url endpoint = net::parse_url(endpoint_for(options, service));
  std::mt19937_64 rng(std::random_device{}());
  SignedPost post{service.signing_name, action, endpoint,
                  {{"Content-Type", "application/x-amz-json-1.1"},
                   {"X-Amz-Target", service.target_prefix + "." + action}},
                  body};
  net::Response resp = perform_signed_post(options, post, options.cancel, rng, json_error);
  rapidjson::Document doc;
  if (!parse_document(doc, resp.body) || !doc.IsObject())
    throw AwsError("SerializationError", action + " answer is not the expected JSON", resp.header("x-amzn-RequestId"),
                   resp.status);
  return doc;
}

}  // namespace kiln::aws
