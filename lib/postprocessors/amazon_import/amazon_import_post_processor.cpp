// amazon-import's options and checks, as Packer 1.6.6's Configure has them.
#include "postprocessors/amazon_import/amazon_import_post_processor.hpp"

#include <fmt/format.h>

#include "builders/amazon/decode_shared.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "template/fix/deprecated_keys.hpp"

namespace kiln {

const Schema& AmazonImportPostProcessor::schema() const {
  static const Schema schema = [] {
    Schema s{amazon::access_fields()};
    s.fields.insert(s.fields.end(), {
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
    });
    s.deprecated = fix::amazon_deprecated_keys();
    return s;
  }();
  return schema;
}

void AmazonImportPostProcessor::prepare(const Config& c, Problems& problems) {
  const amazon::ConfigReader r{c, problems};
  AmazonImportConfig& o = config_;
  amazon::decode_access(r, o);
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
    r.error("access_key", "`access_key` and `secret_key` must both be either set or not set.");
  if (o.s3_bucket_name.empty()) r.error("s3_bucket_name", "s3_bucket_name must be set");
  if (o.format != "ova" && o.format != "raw" && o.format != "vmdk" && o.format != "vhd" && o.format != "vhdx")
    r.error("format", fmt::format("invalid format '{}'. Only 'ova', 'raw', 'vhd', 'vhdx', or 'vmdk' are allowed", o.format));
  if (!o.s3_encryption.empty() && o.s3_encryption != "AES256" && o.s3_encryption != "aws:kms")
    r.error("s3_encryption",
            fmt::format("invalid s3 encryption format '{}'. Only 'AES256' and 'aws:kms' are allowed", o.s3_encryption));
  // Accepted by Packer 1.6.6 but not implemented by kiln: refused rather than ignored, as amazon-ebs does.
  for (const char* key : {"assume_role", "vault_aws_engine", "mfa_code"}) {
    const Value* v = c.value(key);
    if (v && !v->is_null() && !(v->is_object() && v->size() == 0) && !(v->is_string() && v->as_string().empty()))
      r.error(key, fmt::format("{} is not supported by kiln's amazon-import yet", key));
  }
}

}  // namespace kiln
