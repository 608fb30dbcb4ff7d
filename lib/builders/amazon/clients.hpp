// One EC2 client per region, made on first use from the build's options.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "aws/ec2_client.hpp"

namespace kiln::amazon {

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
