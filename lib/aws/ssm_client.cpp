#include "aws/ssm_client.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "aws/error.hpp"
#include "aws/json_api.hpp"

namespace kiln::aws {
namespace {

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

}  // namespace

SsmParameter get_ssm_parameter(const Ec2Options& options, const std::string& name, bool with_decryption) {
  const JsonService ssm{"ssm", "AmazonSSM", "AWS_ENDPOINT_URL_SSM"};
  rapidjson::Document doc = call_json_api(options, ssm, "GetParameter", request_body(name, with_decryption));
  if (!doc.HasMember("Parameter"))
    throw AwsError("SerializationError", "GetParameter answer has no Parameter", "", 200);
  const rapidjson::Value& p = doc["Parameter"];
  SsmParameter out{json_string(p, "Value"), 0, json_string(p, "ARN")};
  if (p.IsObject() && p.HasMember("Version") && p["Version"].IsInt64()) out.version = p["Version"].GetInt64();
  return out;
}

}  // namespace kiln::aws
