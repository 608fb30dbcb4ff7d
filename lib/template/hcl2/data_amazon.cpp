// The amazon plugin's data sources: amazon-ami (an image found by filters, as source_ami_filter
// finds one), amazon-parameterstore (an SSM parameter) and amazon-secretsmanager (a secret).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "aws/credentials.hpp"
#include "aws/ec2_client.hpp"
#include "aws/error.hpp"
#include "aws/region.hpp"
#include "aws/secretsmanager_client.hpp"
#include "aws/ssm_client.hpp"
#include "template/hcl2/data_amazon.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "util/json_document.hpp"

namespace kiln::hcl2 {
namespace {

// The amazon plugin's AccessConfig settings kiln reads; skip_region_validation is accepted and has
// nothing to skip, since data sources do not check region names.
const std::vector<std::string> access_settings{"access_key", "secret_key", "token", "profile",
                                               "shared_credentials_file", "region", "custom_endpoint_ec2",
                                               "insecure_skip_tls_verify", "skip_region_validation", "max_retries"};

std::vector<std::string> with_access(std::vector<std::string> names) {
  names.insert(names.end(), access_settings.begin(), access_settings.end());
  return names;
}

struct Access {
  std::string access_key, secret_key, token, profile, shared_credentials_file, region, custom_endpoint_ec2;
  bool insecure_skip_tls_verify = false;
  int64_t max_retries = 0;
};

Access read_access(DataConfig& c) {
  return {c.string("access_key"), c.string("secret_key"), c.string("token"), c.string("profile"),
          c.string("shared_credentials_file"), c.string("region"), c.string("custom_endpoint_ec2"),
          c.boolean("insecure_skip_tls_verify"), c.integer("max_retries")};
}

aws::Ec2Options ec2_options(const Access& a, const Scope& scope) {
  aws::Ec2Options o;
  o.region = aws::resolve_region({a.region, a.profile, scope.environment.get()});
  if (o.region.empty())
    throw Error("No region was given: set region, AWS_REGION or AWS_DEFAULT_REGION, or a profile's region",
                ErrorCode::Config);
  o.endpoint = a.custom_endpoint_ec2;
  o.credentials = aws::resolve_credentials({a.access_key, a.secret_key, a.token, a.profile,
                                            a.shared_credentials_file, scope.environment.get()});
  o.insecure_skip_tls_verify = a.insecure_skip_tls_verify;
  if (a.max_retries > 0) o.retry.max_attempts = static_cast<int>(a.max_retries) + 1;
  o.environment = scope.environment;
  return o;
}

bool names_owner(const std::map<std::string, std::string>& filters) {
  return filters.count("owner-id") || filters.count("owner-alias");
}

hcl::Value amazon_ami(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope) {
  DataConfig c(block, with_access({"filters", "owners", "most_recent"}), ctx, scope);
  auto filters = c.string_map("filters");
  auto owners = c.strings("owners");
  bool most_recent = c.boolean("most_recent");
  Access access = read_access(c);
  if (!c.ok()) return hcl::Value::unknown(hcl::Type::dynamic());
  if (filters.empty() && owners.empty()) add(scope.problems, block.type_range, "The `filters` must be specified", "");
  else if (owners.empty() && !names_owner(filters))
    add(scope.problems, block.type_range, "For security reasons, you must declare an owner.", "");
  if (!c.ok() || !c.known()) return hcl::Value::unknown(hcl::Type::dynamic());

  aws::Ec2Client ec2(ec2_options(access, scope));
  aws::QueryParams q;
  std::map<std::string, std::vector<std::string>> query_filters;
  for (const auto& [name, value] : filters) query_filters[name] = {value};
  q.add_filters(query_filters);
  q.add_list("Owner", owners);
  auto doc = ec2.call("DescribeImages", q);
  std::vector<pugi::xml_node> images;
  for (auto item : doc->document_element().child("imagesSet").children("item")) images.push_back(item);
  if (images.empty()) throw Error("No AMI was found matching filters", ErrorCode::Build);
  if (images.size() > 1 && !most_recent)
    throw Error("Your query returned more than one result. Please try a more specific search, or set most_recent to true.",
                ErrorCode::Build);
  // creationDate is ISO 8601 UTC, so text order is time order.
  auto image = *std::max_element(images.begin(), images.end(), [](pugi::xml_node a, pugi::xml_node b) {
    return aws::xml_text(a, {"creationDate"}) < aws::xml_text(b, {"creationDate"});
  });
  std::map<std::string, hcl::Value> tags;
  for (auto tag : image.child("tagSet").children("item"))
    tags[aws::xml_text(tag, {"key"})] = hcl::Value::string(aws::xml_text(tag, {"value"}));
  auto text = [&](const char* name) { return hcl::Value::string(aws::xml_text(image, {name})); };
  return hcl::Value::object({{"id", text("imageId")},
                             {"name", text("name")},
                             {"creation_date", text("creationDate")},
                             {"owner", text("imageOwnerId")},
                             {"owner_name", text("imageOwnerAlias")},
                             {"tags", hcl::Value::map(std::move(tags), hcl::Type::string())}});
}

hcl::Value amazon_parameterstore(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope) {
  DataConfig c(block, with_access({"name", "with_decryption"}), ctx, scope);
  std::string name = c.string("name");
  bool with_decryption = c.boolean("with_decryption");
  Access access = read_access(c);
  if (!c.ok()) return hcl::Value::unknown(hcl::Type::dynamic());
  if (name.empty()) add(scope.problems, block.type_range, "a 'name' must be provided", "");
  if (!c.ok() || !c.known()) return hcl::Value::unknown(hcl::Type::dynamic());
  aws::Ec2Options options = ec2_options(access, scope);
  options.endpoint.clear();  // custom_endpoint_ec2 is EC2's; SSM's comes from AWS_ENDPOINT_URL_SSM
  aws::SsmParameter p;
  try {
    p = aws::get_ssm_parameter(options, name, with_decryption);
  } catch (const aws::AwsError& e) {
    if (e.aws_code() == "ParameterNotFound") throw Error(fmt::format("The parameter name \"{}\" not found", name));
    if (e.aws_code() == "ParameterVersionNotFound")
      throw Error(fmt::format("The parameter version \"{}\" not found", name));
    throw Error(fmt::format("error to get parameter value: {}", e.what()));
  }
  return hcl::Value::object({{"value", hcl::Value::string(p.value)},
                             {"version", hcl::Value::string(std::to_string(p.version))},
                             {"arn", hcl::Value::string(p.arn)}});
}

// Go's %T for a decoded JSON value the plugin cannot turn into a string.
const char* go_type(const rapidjson::Value& v) {
  if (v.IsBool()) return "bool";
  if (v.IsArray()) return "[]interface {}";
  if (v.IsObject()) return "map[string]interface {}";
  return "<nil>";
}

const char* go_unmarshal_kind(const rapidjson::Value& v) {
  if (v.IsString()) return "string";
  if (v.IsNumber()) return "number";
  if (v.IsBool()) return "bool";
  return "array";
}

// A member as the plugin prints it: strings as they are, numbers rounded to an integer (Go's 'f', 0).
std::string member_text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsNumber()) {
    char text[400];
    std::snprintf(text, sizeof text, "%.0f", v.GetDouble());
    return text;
  }
  throw Error(fmt::format("error to get secret value: \"Unsupported secret value type: {}\"", go_type(v)));
}

// The plugin's reading: text that is not JSON is the value; a JSON object gives its `key` member (""
// when absent), or with no key its first member (the plugin takes whichever Go's map yields first;
// kiln the first written, so the choice is stable).
std::string secret_member(const std::string& secret_string, const std::string& key) {
  rapidjson::Document doc;
  if (!parse_document(doc, secret_string)) return secret_string;
  if (doc.IsNull()) return "";
  if (!doc.IsObject())
    throw Error(fmt::format("error to get secret value: \"json: cannot unmarshal {} into Go value of type "
                            "map[string]interface {{}}\"",
                            go_unmarshal_kind(doc)));
  const rapidjson::Value* found = nullptr;
  for (const auto& m : doc.GetObject())
    if (key.empty() ? !found : std::string(m.name.GetString(), m.name.GetStringLength()) == key)
      found = &m.value;  // a repeated name: the last one, as Go's decoding into a map keeps
  return found ? member_text(*found) : "";
}

hcl::Value amazon_secretsmanager(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope) {
  DataConfig c(block, with_access({"name", "key", "version_id", "version_stage"}), ctx, scope);
  aws::SecretQuery query{c.string("name"), c.string("version_id"), c.string("version_stage")};
  std::string key = c.string("key");
  Access access = read_access(c);
  if (!c.ok()) return hcl::Value::unknown(hcl::Type::dynamic());
  if (query.secret_id.empty()) add(scope.problems, block.type_range, "a 'name' must be provided", "");
  if (!c.ok() || !c.known()) return hcl::Value::unknown(hcl::Type::dynamic());
  if (query.version_stage.empty()) query.version_stage = "AWSCURRENT";
  if (!query.version_id.empty()) query.version_stage.clear();  // version_id overrides the stage
  aws::Ec2Options options = ec2_options(access, scope);
  options.endpoint.clear();  // custom_endpoint_ec2 is EC2's; this one comes from AWS_ENDPOINT_URL_SECRETS_MANAGER
  aws::SecretVersion secret;
  try {
    secret = aws::get_secret_value(options, query);
  } catch (const aws::AwsError& e) {
    const std::string& version = query.version_id.empty() ? query.version_stage : query.version_id;
    bool deleted = e.aws_code() == "InvalidRequestException" && e.aws_message().find("deleted") != std::string::npos;
    if (e.aws_code() == "ResourceNotFoundException" || deleted)
      throw Error(fmt::format("Secrets Manager Secret \"{}\" Version \"{}\" not found", query.secret_id, version));
    throw Error(fmt::format("error reading Secrets Manager Secret Version: {}", e.what()));
  }
  // Masked before anything can show them: the whole secret, each of its JSON members, the value.
  scope.secret(secret.secret_string);
  scope.secret(secret.secret_binary);
  rapidjson::Document members;
  if (parse_document(members, secret.secret_string) && members.IsObject())
    for (const auto& m : members.GetObject())
      if (m.value.IsString()) scope.secret(std::string(m.value.GetString(), m.value.GetStringLength()));
  std::string value = secret_member(secret.secret_string, key);
  scope.secret(value);
  return hcl::Value::object({{"value", hcl::Value::string(value)},
                             {"secret_string", hcl::Value::string(secret.secret_string)},
                             {"secret_binary", hcl::Value::string(secret.secret_binary)},
                             {"version_id", hcl::Value::string(secret.version_id)}});
}

}  // namespace

hcl::Value run_amazon_data_source(const std::string& type, const hcl::Block& block, const hcl::EvalContext& ctx,
                                  Scope& scope) {
  try {
    if (type == "amazon-ami") return amazon_ami(block, ctx, scope);
    if (type == "amazon-parameterstore") return amazon_parameterstore(block, ctx, scope);
    if (type == "amazon-secretsmanager") return amazon_secretsmanager(block, ctx, scope);
  } catch (const Error& e) {
    // Packer reports a data source's failure at the block, in the plugin's words.
    add(scope.problems, block.type_range, e.what(), "");
  }
  return hcl::Value::unknown(hcl::Type::dynamic());
}

}  // namespace kiln::hcl2
