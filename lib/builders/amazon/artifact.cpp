#include "builders/amazon/artifact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "aws/query.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

AmiArtifact::AmiArtifact(std::map<std::string, std::string> amis, std::shared_ptr<Ec2Clients> clients, Ui ui,
                         std::string builder_id)
    : amis_(std::move(amis)), clients_(std::move(clients)), ui_(std::move(ui)), builder_id_(std::move(builder_id)) {}

std::string AmiArtifact::id() const {
  std::vector<std::string> parts;
  for (const auto& [region, ami] : amis_) parts.push_back(region + ":" + ami);
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::string AmiArtifact::description() const {
  std::vector<std::string> lines;
  for (const auto& [region, ami] : amis_) lines.push_back(region + ": " + ami);
  std::sort(lines.begin(), lines.end());
  std::string out = "AMIs were created:\n";
  for (const auto& l : lines) out += l + "\n";
  return out;
}

void AmiArtifact::destroy() {
  std::vector<std::string> errors;
  for (const auto& [region, ami] : amis_) {
    ui_.say(fmt::format("Deregistering image ID ({}) from region ({})", ami, region));
    try {
      clients_->get(region).call("DeregisterImage", aws::QueryParams().add("ImageId", ami));
    } catch (const std::exception& e) {
      errors.push_back(e.what());
    }
  }
  if (!errors.empty()) {
    std::string msg = "Error deregistering existing AMI:";
    for (const auto& e : errors) msg += "\n" + e;
    throw RemoteError(msg);
  }
}

}  // namespace kiln::amazon
