// The amazon plugin's data sources: amazon-ami (an image found by filters, as source_ami_filter
// finds one) and amazon-parameterstore (an SSM parameter).
#include <fmt/format.h>

#include <algorithm>

#include "aws/credentials.hpp"
#include "aws/ec2_client.hpp"
#include "aws/error.hpp"
#include "aws/region.hpp"
#include "aws/ssm_client.hpp"
#include "template/hcl2/data_amazon.hpp"
#include "template/hcl2/diagnostics.hpp"

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

}  // namespace

hcl::Value run_amazon_data_source(const std::string& type, const hcl::Block& block, const hcl::EvalContext& ctx,
                                  Scope& scope) {
  try {
    if (type == "amazon-ami") return amazon_ami(block, ctx, scope);
    if (type == "amazon-parameterstore") return amazon_parameterstore(block, ctx, scope);
  } catch (const Error& e) {
    // Packer reports a data source's failure at the block, in the plugin's words.
    add(scope.problems, block.type_range, e.what(), "");
  }
  return hcl::Value::unknown(hcl::Type::dynamic());
}

}  // namespace kiln::hcl2
