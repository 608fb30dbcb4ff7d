#include "aws/secretsmanager_client.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "aws/json_api.hpp"

namespace kiln::aws {
namespace {

std::string request_body(const SecretQuery& q) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  auto member = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  member("SecretId", q.secret_id);
  member("VersionId", q.version_id);
  member("VersionStage", q.version_stage);
  w.EndObject();
  return out.GetString();
}

}  // namespace

SecretVersion get_secret_value(const Ec2Options& options, const SecretQuery& query) {
  const JsonService secretsmanager{"secretsmanager", "secretsmanager", "AWS_ENDPOINT_URL_SECRETS_MANAGER"};
  rapidjson::Document doc = call_json_api(options, secretsmanager, "GetSecretValue", request_body(query));
  SecretVersion out{json_string(doc, "Name"), json_string(doc, "ARN"), json_string(doc, "VersionId"),
                    doc.HasMember("SecretString") && doc["SecretString"].IsString(), json_string(doc, "SecretString"),
                    json_string(doc, "SecretBinary")};
  return out;
}

}  // namespace kiln::aws
