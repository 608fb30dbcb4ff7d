// The AMIs an amazon-ebs or amazon-chroot build produced, one per region.
#pragma once

#include <memory>
#include <map>
#include <string>

#include "builders/amazon/clients.hpp"
#include "kiln/artifact.hpp"
#include "kiln/events.hpp"

namespace kiln::amazon {

inline constexpr const char* kEbsBuilderId = "mitchellh.amazonebs";
inline constexpr const char* kChrootBuilderId = "mitchellh.amazon.chroot";

class AmiArtifact : public Artifact {
 public:
  AmiArtifact(std::map<std::string, std::string> amis, std::shared_ptr<Ec2Clients> clients, Ui ui,
              std::string builder_id = kEbsBuilderId);

  std::string builder_id() const override { return builder_id_; }
  std::vector<std::string> files() const override { return {}; }
  // "region:ami[,region:ami…]", sorted, as Packer's Id().
  std::string id() const override;
  std::string description() const override;
  // Deregisters every AMI (snapshots are kept, as Packer does).
  void destroy() override;

 private:
  std::map<std::string, std::string> amis_;
  std::shared_ptr<Ec2Clients> clients_;
  Ui ui_;
  std::string builder_id_;
};

}  // namespace kiln::amazon
