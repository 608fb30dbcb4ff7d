#include "template/aws_secret.hpp"

#include <fmt/format.h>

#include <map>

#include "aws/credentials.hpp"
#include "aws/error.hpp"
#include "aws/region.hpp"
#include "aws/secretsmanager_client.hpp"
#include "kiln/error.hpp"
#include "util/json_document.hpp"

namespace kiln::tmpl {
namespace {

[[noreturn]] void secret_error(const std::string& message) { throw Error(message, ErrorCode::Template); }

// The word Go's encoding/json uses for a JSON value's kind in "cannot unmarshal …" errors.
const char* json_kind(const rapidjson::Value& v) {
  if (v.IsString()) return "string";
  if (v.IsNumber()) return "number";
  if (v.IsBool()) return "bool";
  if (v.IsArray()) return "array";
  return "object";
}

}  // namespace

std::string secret_value(const std::string& secret_string, const std::string& key) {
  rapidjson::Document doc;
  if (!parse_document(doc, secret_string)) return secret_string;
  if (!doc.IsObject() && !doc.IsNull())
    secret_error(fmt::format("json: cannot unmarshal {} into Go value of type map[string]string", json_kind(doc)));
  // Go decodes into a map: a repeated name keeps its last value, null members are "".
  std::map<std::string, std::string> members;
  if (doc.IsObject())
    for (const auto& m : doc.GetObject()) {
      if (!m.value.IsString() && !m.value.IsNull())
        secret_error(fmt::format("json: cannot unmarshal {} into Go value of type string", json_kind(m.value)));
      members[std::string(m.name.GetString(), m.name.GetStringLength())] =
          m.value.IsNull() ? "" : std::string(m.value.GetString(), m.value.GetStringLength());
    }
  if (key.empty() && members.size() > 1) secret_error("Secret has multiple values and no key was set");
  if (key.empty() && members.size() == 1) return members.begin()->second;
  if (auto it = members.find(key); it != members.end()) return it->second;
  secret_error(fmt::format("No secret found for key \"{}\"", key));
}

std::string read_aws_secret(const std::string& name, const std::string& key, const EnvironmentPtr& environment) {
  if (name.empty()) secret_error("At least one secret name must be provided");
  aws::Ec2Options options;
  options.environment = environment;
  options.region = aws::resolve_region({"", "", environment.get()});
  if (options.region.empty()) secret_error("MissingRegion: could not find region configuration");
  aws::SecretVersion secret;
  try {
    options.credentials = aws::resolve_credentials({"", "", "", "", "", environment.get()});
    secret = aws::get_secret_value(options, {name, "", "AWSCURRENT"});
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    secret_error(e.what());
  }
  if (!secret.has_string) secret_error("Secret is not string");
  return secret_value(secret.secret_string, key);
}

}  // namespace kiln::tmpl
