// Post-processor "amazon-import" (Packer 1.6.6): uploads the artifact's disk image to S3, imports it
// with EC2 VM Import (ImportImage), and gives the AMI as the artifact.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "builders/amazon/config.hpp"
#include "kiln/plugin.hpp"

namespace kiln {

struct AmazonImportConfig : amazon::AccessConfig {
  std::string s3_bucket_name;
  std::string s3_key_name;  // rendered when the post-processor runs, with the build's generated data
  std::string s3_encryption, s3_encryption_key;
  bool skip_clean = false;
  std::map<std::string, std::string> tags;
  std::string ami_name, ami_description;
  std::vector<std::string> ami_users, ami_groups;
  bool ami_encrypt = false;
  std::string ami_kms_key, license_type, role_name;
  std::string format = "ova";
};

class AmazonImportPostProcessor : public PostProcessor {
 public:
  const Schema& schema() const override;
  void prepare(const Config& config, Problems& problems) override;
  PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) override;

 private:
  AmazonImportConfig config_;
};

}  // namespace kiln
