// Builder "amazon-instance": an instance-store AMI. Launches from a source AMI and provisions as
// amazon-ebs does, then bundles the root volume on the instance (ec2-bundle-vol with the uploaded
// X.509 files), uploads the bundle to S3 (ec2-upload-bundle) and registers its manifest.
#pragma once

#include "aws/credentials.hpp"
#include "builders/amazon/config.hpp"
#include "builders/amazon/sequence.hpp"
#include "kiln/plugin.hpp"

namespace kiln::amazon {

inline constexpr const char* kInstanceBuilderId = "mitchellh.amazon.instance";

const Schema& instance_schema();
// The instance-store options, with Packer 1.6.6's defaults and messages; the shared ones are
// decode_ebs_config's.
InstanceStoreConfig decode_instance_store_config(const Config& config, const EbsConfig& common, Problems& problems);

// What the bundle steps need besides the run.
struct BundleRun {
  EbsRun& run;
  const InstanceStoreConfig& store;
  Communicator& comm;
  aws::Credentials credentials;  // the build's, for {{.AccessKey}} {{.SecretKey}} {{.Token}}
  std::string prefix;            // bundle_prefix, rendered
  bool debug = false;            // -debug: the rendered commands are shown, as Packer shows them
  std::string cert_path, key_path;  // where the X.509 files went on the instance
  std::string manifest_name;        // PREFIX.manifest.xml, once bundled
  std::string image_location;       // BUCKET/PREFIX.manifest.xml, once uploaded
};

// Packer 1.6.6's StepUploadX509Cert, StepBundleVolume, StepUploadBundle and StepRegisterAMI.
void step_upload_x509_cert(BundleRun& b);
void step_bundle_volume(BundleRun& b);
void step_upload_bundle(BundleRun& b);
void step_register_ami(BundleRun& b);

class InstanceBuilder : public Builder {
 public:
  explicit InstanceBuilder(ConnectFn connect = {}) : connect_(std::move(connect)) {}
  const Schema& schema() const override { return instance_schema(); }
  void prepare(const Config& config, Problems& problems) override;
  std::vector<std::string> generated_data_keys() const override;
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  ConnectFn connect_;
  EbsConfig config_;
  InstanceStoreConfig store_;
};

}  // namespace kiln::amazon
