#include "builders/amazon/ebs_builder.hpp"

#include <fmt/format.h>

#include "builders/amazon/artifact.hpp"
#include "builders/amazon/clients.hpp"

namespace kiln::amazon {

void EbsBuilder::prepare(const Config& config, Problems& problems) { config_ = decode_ebs_config(config, problems, "amazon-ebs"); }

// The current amazon plugin's GetGeneratedDataList (sequence.cpp fills them from the source image).
std::vector<std::string> EbsBuilder::generated_data_keys() const {
  return {"SourceAMIName", "BuildRegion", "SourceAMI", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName"};
}

ArtifactPtr EbsBuilder::run(BuilderContext& ctx) {
  EbsConfig c = config_;
  if (ctx.force) c.force_deregister = true;  // -force, as Packer's PackerForce
  if (c.communicator == "ssh" && !connect_)
    throw Error("amazon-ebs: the ssh communicator is not available in this kiln build; use communicator \"none\"",
                ErrorCode::Build);
  if (!c.spot_price_auto_product.empty()) ctx.ui.say(kSpotPriceAutoProductWarning);
  auto clients = std::make_shared<Ec2Clients>(build_ec2_options(c, ctx));

  CleanupStack cleanup(ctx.ui);
  EbsRun run{c, clients->get(c.region), [clients](const std::string& r) -> aws::Ec2Client& { return clients->get(r); },
             cleanup, ctx.ui, ctx.cancel, {}, ctx.generated, [&ctx](std::string_view step) { ctx.debug_pause(step); },
             ctx.interp};
  try {
    run_sequence(run, ctx.hook, connect_);
  } catch (...) {
    ctx.finish(cleanup, true);
    throw;
  }
  ctx.finish(cleanup, false);
  if (run.state.amis.empty()) return nullptr;  // skip_create_ami
  return std::make_shared<AmiArtifact>(run.state.amis, clients, ctx.ui);
}

}  // namespace kiln::amazon
