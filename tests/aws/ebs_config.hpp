// The amazon-ebs configuration the step tests start from: a source image moto knows, fast polling.
#pragma once

#include <string>

#include "builders/amazon/config.hpp"

namespace kiln::test {

inline amazon::EbsConfig base_config(const std::string& ami_name) {
  amazon::EbsConfig c;
  c.region = "us-east-1";
  c.ami_name = ami_name;
  c.instance_type = "t2.micro";
  c.source_ami_filter.filters = {{"name", {"Windows_Server-2016-English-Nano-Base-*"}}};
  c.source_ami_filter.owners = {"amazon"};
  c.source_ami_filter.most_recent = true;
  c.polling = {1, 5};
  c.ssh_host = "127.0.0.1";
  c.ssh_username = "kiln";
  return c;
}

}  // namespace kiln::test
