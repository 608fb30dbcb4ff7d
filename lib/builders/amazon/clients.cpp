#include "builders/amazon/clients.hpp"

namespace kiln::amazon {

aws::Ec2Client& Ec2Clients::get(const std::string& region) {
  std::lock_guard lock(mutex_);
  auto& slot = clients_[region];
  if (!slot) {
    aws::Ec2Options o = base_;
    o.region = region;
    slot = std::make_unique<aws::Ec2Client>(std::move(o));
  }
  return *slot;
}

}  // namespace kiln::amazon
