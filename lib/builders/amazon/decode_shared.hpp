// The parts of the amazon builders' configuration they share (Packer's AccessConfig, AMIConfig and
// source AMI options), decoded into EbsConfig's fields with Packer 1.6.6's messages.
#pragma once

#include "builders/amazon/config.hpp"
#include "builders/amazon/config_reader.hpp"

namespace kiln::amazon {

// Credentials, region, endpoint, retries and polling (amazon-import reads them too).
void decode_access(const ConfigReader& r, AccessConfig& c);
// decode_access, and every ami_* / snapshot_* / tags option.
void decode_access_and_ami(const ConfigReader& r, EbsConfig& c);
// source_ami and source_ami_filter.
void decode_source_ami(const ConfigReader& r, EbsConfig& c);
// ami_name's presence, length and alphabet; region_kms_key_ids against ami_regions.
void check_ami_name(const ConfigReader& r, const EbsConfig& c);

}  // namespace kiln::amazon
