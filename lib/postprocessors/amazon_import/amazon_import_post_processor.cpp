// amazon-import's options and checks, as Packer 1.6.6's Configure has them.
#include "postprocessors/amazon_import/amazon_import_post_processor.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "aws/region.hpp"

namespace kiln {

const Schema& AmazonImportPostProcessor::schema() const {
  static const Schema schema{{
      {"access_key", FieldType::String, false, "AWS access key (else AWS_ACCESS_KEY_ID, else the shared credentials file)"},
      {"assume_role", FieldType::Object, false, "accepted as in Packer 1.6.6"},
      {"custom_endpoint_ec2", FieldType::String, false, "EC2 endpoint URL to use instead of the region's"},
      {"shared_credentials_file", FieldType::String, false, "path of the shared credentials file"},
      {"decode_authorization_messages", FieldType::Bool, false, "accepted as in Packer 1.6.6"},
      {"insecure_skip_tls_verify", FieldType::Bool, false, "do not verify the endpoints' TLS certificates"},
      {"max_retries", FieldType::Int, false, "retries for throttled or failed API calls (default 10)"},
      {"mfa_code", FieldType::String, false, "accepted as in Packer 1.6.6"},
      {"profile", FieldType::String, false, "profile in the shared credentials file (else AWS_PROFILE, else \"default\")"},
      {"region", FieldType::String, false, "region to import into (else AWS_REGION / AWS_DEFAULT_REGION)"},
      {"secret_key", FieldType::String, false, "AWS secret key"},
      {"skip_metadata_api_check", FieldType::Bool, false, "accepted as in Packer 1.6.6"},
      {"skip_credential_validation", FieldType::Bool, false, "accepted as in Packer 1.6.6"},
      {"token", FieldType::String, false, "session token for temporary credentials"},
      {"vault_aws_engine", FieldType::Object, false, "accepted as in Packer 1.6.6"},
      {"aws_polling", FieldType::Object, false, "{\"delay_seconds\": n, \"max_attempts\": n} for every waiter"},
      {"s3_bucket_name", FieldType::String, false, "bucket the image is uploaded to (required)"},
      {"s3_key_name", FieldType::String, false, "object key (default packer-import-{{timestamp}}.<format>)", true},
      {"s3_encryption", FieldType::String, false, "server-side encryption of the object: AES256 or aws:kms"},
      {"s3_encryption_key", FieldType::String, false, "KMS key for s3_encryption aws:kms"},
      {"skip_clean", FieldType::Bool, false, "keep the S3 object after the import"},
      {"tags", FieldType::StringMap, false, "tags for the AMI and its snapshots"},
      {"ami_name", FieldType::String, false, "name of the AMI (the imported one is copied to it)"},
      {"ami_description", FieldType::String, false, "description of the AMI"},
      {"ami_users", FieldType::StringList, false, "account ids allowed to launch the AMI"},
      {"ami_groups", FieldType::StringList, false, "groups allowed to launch the AMI (\"all\" makes it public)"},
      {"ami_encrypt", FieldType::Bool, false, "encrypt the AMI's snapshots"},
      {"ami_kms_key", FieldType::String, false, "KMS key for ami_encrypt"},
      {"license_type", FieldType::String, false, "license type of the import (AWS or BYOL)"},
      {"role_name", FieldType::String, false, "the VM Import service role (default vmimport)"},
      {"format", FieldType::String, false, "the image's format: ova (default), raw, vmdk, vhd or vhdx"},
  }};
  return schema;
}

void AmazonImportPostProcessor::prepare(const Config& c, Problems& problems) {
  auto error = [&](std::string_view key, const std::string& message) {
    problems.add(key.empty() ? Position{} : c.pos(key), key.empty() ? c.path() : c.path() + "." + std::string(key),
                 message);
  };
  AmazonImportConfig& o = config_;
  o.access_key = c.str("access_key");
  o.secret_key = c.str("secret_key");
  o.token = c.str("token");
  o.profile = c.str("profile");
  o.shared_credentials_file = c.str("shared_credentials_file");
  o.region = aws::resolve_region({c.str("region"), o.profile, &c.environment()});
  o.custom_endpoint_ec2 = c.str("custom_endpoint_ec2");
  o.insecure_skip_tls_verify = c.boolean("insecure_skip_tls_verify");
  o.max_retries = static_cast<int>(c.integer("max_retries", 10));
  if (o.max_retries == 0) o.max_retries = 10;
  if (const Value* p = c.value("aws_polling"); p && p->is_object()) {
    auto number = [](const Value& v) { return v.is_number() ? static_cast<int>(v.as_number()) : std::atoi(v.as_string().c_str()); };
    if (const Value* v = p->find("delay_seconds")) o.polling.delay_seconds = number(*v);
    if (const Value* v = p->find("max_attempts")) o.polling.max_attempts = number(*v);
  }
  if (o.polling.delay_seconds <= 0) o.polling.delay_seconds = std::atoi(c.environment().value("AWS_POLL_DELAY_SECONDS").c_str());
  if (o.polling.max_attempts <= 0) o.polling.max_attempts = std::atoi(c.environment().value("AWS_MAX_ATTEMPTS").c_str());
  o.s3_bucket_name = c.str("s3_bucket_name");
  o.s3_encryption = c.str("s3_encryption");
  o.s3_encryption_key = c.str("s3_encryption_key");
  o.skip_clean = c.boolean("skip_clean");
  o.tags = c.string_map("tags");
  o.ami_name = c.str("ami_name");
  o.ami_description = c.str("ami_description");
  o.ami_users = c.strings("ami_users");
  o.ami_groups = c.strings("ami_groups");
  o.ami_encrypt = c.boolean("ami_encrypt");
  o.ami_kms_key = c.str("ami_kms_key");
  o.license_type = c.str("license_type");
  o.role_name = c.str("role_name");
  o.format = c.str("format", "ova");
  if (o.format.empty()) o.format = "ova";
  o.s3_key_name = c.str("s3_key_name");
  if (o.s3_key_name.empty()) o.s3_key_name = "packer-import-{{timestamp}}." + o.format;

  if (o.access_key.empty() != o.secret_key.empty())
    error("access_key", "`access_key` and `secret_key` must both be either set or not set.");
  if (o.s3_bucket_name.empty()) error("s3_bucket_name", "s3_bucket_name must be set");
  if (o.format != "ova" && o.format != "raw" && o.format != "vmdk" && o.format != "vhd" && o.format != "vhdx")
    error("format", fmt::format("invalid format '{}'. Only 'ova', 'raw', 'vhd', 'vhdx', or 'vmdk' are allowed", o.format));
  if (!o.s3_encryption.empty() && o.s3_encryption != "AES256" && o.s3_encryption != "aws:kms")
    error("s3_encryption",
          fmt::format("invalid s3 encryption format '{}'. Only 'AES256' and 'aws:kms' are allowed", o.s3_encryption));
  // Accepted by Packer 1.6.6 but not implemented by kiln: refused rather than ignored, as amazon-ebs does.
  for (const char* key : {"assume_role", "vault_aws_engine", "mfa_code"}) {
    const Value* v = c.value(key);
    if (v && !v->is_null() && !(v->is_object() && v->size() == 0) && !(v->is_string() && v->as_string().empty()))
      error(key, fmt::format("{} is not supported by kiln's amazon-import yet", key));
  }
}

}  // namespace kiln
