// Builder "amazon-ebs": launch from a source AMI, provision, stop, snapshot into a new AMI.
#pragma once

#include <string_view>
#include <vector>

#include "builders/amazon/config.hpp"
#include "builders/amazon/sequence.hpp"
#include "kiln/plugin.hpp"

namespace kiln::amazon {

const Schema& ebs_schema();
// ebs_schema's AccessConfig keys (credentials, region, endpoint, retries, polling), for the other
// amazon plugins that read them.
std::vector<Field> access_fields();

// Packer 1.6.6's warning for the deprecated spot_price_auto_product.
inline constexpr const char* kSpotPriceAutoProductWarning =
    "spot_price_auto_product is deprecated and no longer necessary for Packer builds. In future versions of Packer, "
    "inclusion of spot_price_auto_product will error your builds. Please take a look at our current documentation to "
    "understand how Packer requests Spot instances.";

// Converts a decoded amazon-ebs (or amazon-instance: `builder_type`, for messages) block into EbsConfig,
// adding Packer's validation errors.
EbsConfig decode_ebs_config(const Config& config, Problems& problems, std::string_view builder_type);
// Decodes and checks the current amazon plugin's options beyond Packer 1.6.6 into `c` (whose 1.6.6
// fields are already decoded), with the plugin's messages.
void decode_current_options(const Config& config, Problems& problems, EbsConfig& c, std::string_view builder_type);

class EbsBuilder : public Builder {
 public:
  // `connect` opens the communicator for communicator "ssh"; without it only "none" works.
  explicit EbsBuilder(ConnectFn connect = {}) : connect_(std::move(connect)) {}
  const Schema& schema() const override { return ebs_schema(); }
  void prepare(const Config& config, Problems& problems) override;
  std::vector<std::string> generated_data_keys() const override;
  ArtifactPtr run(BuilderContext& ctx) override;

 private:
  ConnectFn connect_;
  EbsConfig config_;
};

}  // namespace kiln::amazon
