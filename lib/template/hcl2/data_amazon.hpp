// The amazon plugin's data sources, against EC2 (and SSM) through lib/aws.
#pragma once

#include <string>

#include "template/hcl2/data_config.hpp"

namespace kiln::hcl2 {

// amazon-ami: `filters` (a map), `owners`, `most_recent` and the builders' access settings; gives id,
// name, creation_date, owner, owner_name and tags. amazon-parameterstore: `name`, `with_decryption`
// and the access settings; gives value, version and arn. amazon-secretsmanager: `name`, `key`,
// `version_id`, `version_stage` and the access settings; gives value, secret_string, secret_binary
// (base64, as the plugin documents it) and version_id, every one masked. Failures become problems at
// the block.
hcl::Value run_amazon_data_source(const std::string& type, const hcl::Block& block, const hcl::EvalContext& ctx,
                                  Scope& scope);

}  // namespace kiln::hcl2
