#include "aws/ssm_client.hpp"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "aws/error.hpp"
#include "aws/signed_post.hpp"
#include "util/json_document.hpp"

namespace kiln::aws {
namespace {

std::string endpoint_for(const Ec2Options& o) {
  if (!o.endpoint.empty()) return o.endpoint;
  if (o.environment)
    for (const char* name : {"AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL"})
      if (auto v = o.environment->get(name); v && !v->empty()) return *v;
  return fmt::format("https://ssm.{}.amazonaws.com/", o.region);
}

std::string request_body(const std::string& name, bool with_decryption) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("Name");
  w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
  w.Key("WithDecryption");
  w.Bool(with_decryption);
  w.EndObject();
  return out.GetString();
}

std::string member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return {};
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}

// {"__type": "ParameterNotFound", "message": "…"}; __type may carry a "namespace#" prefix.
AwsError json_error(const net::Response& resp) {
  rapidjson::Document doc;
  if (parse_document(doc, resp.body) && doc.IsObject()) {
    std::string type = member(doc, "__type");
    type = type.substr(type.find('#') + 1);
    std::string message = member(doc, "message");
    if (message.empty()) message = member(doc, "Message");
    if (!type.empty()) return AwsError(type, message, resp.header("x-amzn-RequestId"), resp.status);
  }
  return parse_error_response(resp.status, resp.body);
}

}  // namespace

SsmParameter get_ssm_parameter(const Ec2Options& options, const std::string& name, bool with_decryption) {
  if (options.region.empty()) throw Error("SSM client needs a region", ErrorCode::Invalid);
  net::Url endpoint = net::parse_url(endpoint_for(options));
  const std::string body = request_body(name, with_decryption);
  std::mt19937_64 rng(std::random_device{}());
  SignedPost post{"ssm", "GetParameter", endpoint,
                  {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "AmazonSSM.GetParameter"}}, body};
  net::Response resp = perform_signed_post(options, post, options.cancel, rng, json_error);
  rapidjson::Document doc;
  if (!parse_document(doc, resp.body) || !doc.IsObject() || !doc.HasMember("Parameter"))
    throw AwsError("SerializationError", "GetParameter answer is not the expected JSON", resp.header("x-amzn-RequestId"),
                   resp.status);
  const rapidjson::Value& p = doc["Parameter"];
  SsmParameter out{member(p, "Value"), 0, member(p, "ARN")};
  if (p.IsObject() && p.HasMember("Version") && p["Version"].IsInt64()) out.version = p["Version"].GetInt64();
  return out;
}

}  // namespace kiln::aws
