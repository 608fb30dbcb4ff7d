#include "builders/amazon/instance_builder.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "builders/amazon/artifact.hpp"
#include "builders/amazon/clients.hpp"
#include "builders/amazon/config_reader.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "template/fix/deprecated_keys.hpp"

namespace kiln::amazon {

namespace {

// Packer 1.6.6's default commands; the upload command passes the keys only without an instance profile.
constexpr const char* kBundleVolCommand =
    "sudo -i -n ec2-bundle-vol -k {{.KeyPath}} -u {{.AccountId}} -c {{.CertPath}} -r {{.Architecture}} "
    "-e {{.PrivatePath}}/* -d {{.Destination}} -p {{.Prefix}} --batch --no-filter";
constexpr const char* kUploadWithProfile =
    "sudo -i -n ec2-upload-bundle -b {{.BucketName}} -m {{.ManifestPath}} -d {{.BundleDirectory}} --batch "
    "--region {{.Region}} --retry";
constexpr const char* kUploadWithKeys =
    "sudo -i -n ec2-upload-bundle -b {{.BucketName}} -m {{.ManifestPath}} -a {{.AccessKey}} -s {{.SecretKey}} "
    "-d {{.BundleDirectory}} --batch --region {{.Region}} --retry";

void check_file(const ConfigReader& r, const char* key, const std::string& path) {
  if (path.empty()) {
    r.error("", fmt::format("{} is required", key));
    return;
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return;
  std::string reason = std::strerror(errno);  // as Go's os.Stat words it: "stat PATH: no such file or directory"
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  r.error(key, fmt::format("{} points to bad file: stat {}: {}", key, path, reason));
}

}  // namespace

const Schema& instance_schema() {
  static const Schema schema = [] {
    Schema s;
    // amazon-ebs's keys but its own volume options (Packer's instance Config has neither).
    for (const Field& f : ebs_schema().fields)
      if (f.key != "run_volume_tags" && f.key != "run_volume_tag" && f.key != "no_ephemeral" &&
          f.key != "skip_create_ami")
        s.fields.push_back(f);
    s.fields.insert(s.fields.end(), {
        {"account_id", FieldType::String, false, "your AWS account id, for bundling (required)"},
        {"s3_bucket", FieldType::String, false, "bucket the bundle is uploaded to (required)"},
        {"x509_cert_path", FieldType::String, false, "local X.509 certificate for bundling (required)"},
        {"x509_key_path", FieldType::String, false, "local private key of the certificate (required)"},
        {"x509_upload_path", FieldType::String, false, "directory on the instance the X.509 files go to (default /tmp)"},
        {"bundle_destination", FieldType::String, false, "directory on the instance for the bundle (default /tmp)"},
        {"bundle_prefix", FieldType::String, false, "prefix of the bundle's files (default image-{{timestamp}})"},
        {"bundle_vol_command", FieldType::String, false, "command that bundles the volume", true},
        {"bundle_upload_command", FieldType::String, false, "command that uploads the bundle", true},
    });
    s.deprecated = fix::amazon_deprecated_keys();
    return s;
  }();
  return schema;
}

InstanceStoreConfig decode_instance_store_config(const Config& config, const EbsConfig& common, Problems& problems) {
  ConfigReader r{config, problems};
  InstanceStoreConfig s;
  s.account_id = config.str("account_id");
  s.s3_bucket = config.str("s3_bucket");
  s.x509_cert_path = config.str("x509_cert_path");
  s.x509_key_path = config.str("x509_key_path");
  s.x509_upload_path = config.str("x509_upload_path", "/tmp");
  s.bundle_destination = config.str("bundle_destination", "/tmp");
  s.bundle_prefix = config.str("bundle_prefix");
  s.bundle_vol_command = config.str("bundle_vol_command", kBundleVolCommand);
  s.bundle_upload_command =
      config.str("bundle_upload_command", common.iam_instance_profile.empty() ? kUploadWithKeys : kUploadWithProfile);
  if (s.x509_upload_path.empty()) s.x509_upload_path = "/tmp";
  if (s.bundle_destination.empty()) s.bundle_destination = "/tmp";
  if (s.bundle_vol_command.empty()) s.bundle_vol_command = kBundleVolCommand;
  if (s.bundle_upload_command.empty())
    s.bundle_upload_command = common.iam_instance_profile.empty() ? kUploadWithKeys : kUploadWithProfile;

  // Packer 1.6.6's checks, in its order.
  if (s.account_id.empty())
    r.error("", "account_id is required");
  else
    s.account_id.erase(std::remove(s.account_id.begin(), s.account_id.end(), '-'), s.account_id.end());
  if (s.s3_bucket.empty()) r.error("", "s3_bucket is required");
  check_file(r, "x509_cert_path", s.x509_cert_path);
  check_file(r, "x509_key_path", s.x509_key_path);
  if (common.communicator == "none")
    r.error("communicator", "amazon-instance runs its bundle commands on the instance: it needs the ssh communicator");
  return s;
}

void InstanceBuilder::prepare(const Config& config, Problems& problems) {
  config_ = decode_ebs_config(config, problems, "amazon-instance");
  store_ = decode_instance_store_config(config, config_, problems);
}

std::vector<std::string> InstanceBuilder::generated_data_keys() const {
  return {"SourceAMIName", "BuildRegion", "SourceAMI", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName"};
}

ArtifactPtr InstanceBuilder::run(BuilderContext& ctx) {
  EbsConfig c = config_;
  if (ctx.force) c.force_deregister = true;  // -force, as Packer's PackerForce
  if (!connect_)
    throw Error("amazon-instance: the ssh communicator is not available in this kiln build", ErrorCode::Build);
  if (!c.spot_price_auto_product.empty()) ctx.ui.say(kSpotPriceAutoProductWarning);
  aws::Ec2Options options = build_ec2_options(c, ctx);
  auto clients = std::make_shared<Ec2Clients>(options);

  CleanupStack cleanup(ctx.ui);
  EbsRun run{c, clients->get(c.region), [clients](const std::string& r) -> aws::Ec2Client& { return clients->get(r); },
             cleanup, ctx.ui, ctx.cancel, {}, ctx.generated, [&ctx](std::string_view step) { ctx.debug_pause(step); },
             ctx.interp, false};
  try {
    auto comm = launch_and_provision(run, ctx.hook, connect_);
    // Packer renders its default when the template is prepared; {{timestamp}} is fixed for the run.
    std::string prefix = store_.bundle_prefix.empty() ? interpolate("image-{{timestamp}}", ctx.interp) : store_.bundle_prefix;
    BundleRun bundle{run, store_, *comm, options.credentials, prefix, ctx.debug};
    run_step(run, "StepUploadX509Cert", [&](EbsRun&) { step_upload_x509_cert(bundle); });
    run_step(run, "StepBundleVolume", [&](EbsRun&) { step_bundle_volume(bundle); });
    run_step(run, "StepUploadBundle", [&](EbsRun&) { step_upload_bundle(bundle); });
    comm.reset();
    run_step(run, "StepDeregisterAMI", step_deregister_ami);
    run_step(run, "StepRegisterAMI", [&](EbsRun&) { step_register_ami(bundle); });
    finish_ami(run);
  } catch (...) {
    ctx.finish(cleanup, true);
    throw;
  }
  ctx.finish(cleanup, false);
  return std::make_shared<AmiArtifact>(run.state.amis, clients, ctx.ui, kInstanceBuilderId);
}

}  // namespace kiln::amazon
