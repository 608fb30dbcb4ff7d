#include "template/fix/deprecated_keys.hpp"

namespace kiln::fix {

std::vector<std::string> deprecated_keys(std::initializer_list<const char*> own) {
  std::vector<std::string> keys = {"iso_md5",           "ssh_key_path",       "ssh_disable_agent",
                                   "ssh_host_port_min", "ssh_host_port_max",  "ssh_skip_nat_mapping",
                                   "ssh_wait_timeout",  "iso_checksum_url",   "iso_checksum_type"};
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

std::vector<std::string> amazon_deprecated_keys() {
  return deprecated_keys({"shutdown_behaviour", "enhanced_networking", "ssh_private_ip",
                          "temporary_security_group_source_cidr", "clean_ami_name", "spot_price_auto_product"});
}

}  // namespace kiln::fix
