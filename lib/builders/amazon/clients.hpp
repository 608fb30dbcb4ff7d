// One EC2 client per region, made on first use from the build's options.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "aws/ec2_client.hpp"
#include "builders/amazon/config.hpp"
#include "kiln/plugin.hpp"

namespace kiln::amazon {

// A build's EC2 options: credentials by Packer's chain (template, environment, shared file), region,
// endpoint, TLS checks, retries, and the run's environment, events and cancel token.
aws::Ec2Options build_ec2_options(const AccessConfig& c, const RunContext& ctx);

class Ec2Clients {
 public:
  explicit Ec2Clients(aws::Ec2Options base) : base_(std::move(base)) {}
  aws::Ec2Client& get(const std::string& region);

 private:
  aws::Ec2Options base_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<aws::Ec2Client>> clients_;
};

}  // namespace kiln::amazon
