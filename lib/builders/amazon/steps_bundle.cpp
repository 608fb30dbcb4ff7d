// amazon-instance's own steps: the X.509 files onto the instance, the bundle and upload commands
// run there, and the AMI registered from the uploaded manifest.
#include <fmt/format.h>

#include <random>

#include "builders/amazon/instance_builder.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

using aws::QueryParams;
using aws::xml_text;

namespace {

// Runs a rendered bundle command on the instance, its output shown as Packer's RunWithUi shows it.
int run_on_instance(BundleRun& b, const std::string& command) {
  return b.comm.exec(command, b.run.ui.output_lines(), b.run.cancel);
}

InterpContext with_data(const EbsRun& run, std::map<std::string, std::string> data) {
  InterpContext ctx = run.interp;
  ctx.data = std::move(data);
  return ctx;
}

// Seven random letters and digits (Packer's random.AlphaNum(7)): the name of an intermediary AMI.
std::string random_alnum7() {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device device;
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string out;
  for (int i = 0; i < 7; ++i) out += kAlphabet[pick(device)];
  return out;
}

}  // namespace

void step_upload_x509_cert(BundleRun& b) {
  b.cert_path = b.store.x509_upload_path + "/cert.pem";
  b.key_path = b.store.x509_upload_path + "/key.pem";
  b.run.ui.say("Uploading X509 Certificate...");
  TransferOptions opts;
  opts.cancel = b.run.cancel;
  try {
    b.comm.upload_file(b.store.x509_cert_path, b.cert_path, opts);
    b.comm.upload_file(b.store.x509_key_path, b.key_path, opts);
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(fmt::format("Error uploading X509 cert: {}", e.what()), ErrorCode::Build);
  }
}

void step_bundle_volume(BundleRun& b) {
  const InstanceStoreConfig& s = b.store;
  std::string command = interpolate_fully(
      s.bundle_vol_command, with_data(b.run, {{"AccountId", s.account_id},
                                              {"Architecture", b.run.state.instance.architecture},
                                              {"CertPath", b.cert_path},
                                              {"Destination", s.bundle_destination},
                                              {"KeyPath", b.key_path},
                                              {"Prefix", b.prefix},
                                              {"PrivatePath", s.x509_upload_path}}));
  b.run.ui.say("Bundling the volume...");
  if (b.debug) b.run.ui.say(fmt::format("Running: {}", command));
  if (run_on_instance(b, command) != 0)
    throw Error("Volume bundling failed. Please see the output above for more\ndetails on what went wrong.\n\n"
                "One common cause for this error is ec2-bundle-vol not being\navailable on the target instance.",
                ErrorCode::Build);
  b.manifest_name = b.prefix + ".manifest.xml";
}

void step_upload_bundle(BundleRun& b) {
  const InstanceStoreConfig& s = b.store;
  const EbsConfig& c = b.run.config;
  // The template's keys when set (then no token, as Packer), else the credentials the build found.
  std::string access_key = c.access_key, secret_key = c.secret_key, token;
  if (access_key.empty() && secret_key.empty()) {
    access_key = b.credentials.access_key;
    secret_key = b.credentials.secret_key;
    token = b.credentials.session_token;
  }
  std::string command = interpolate_fully(
      s.bundle_upload_command, with_data(b.run, {{"AccessKey", access_key},
                                                 {"BucketName", s.s3_bucket},
                                                 {"BundleDirectory", s.bundle_destination},
                                                 {"ManifestPath", s.bundle_destination + "/" + b.manifest_name},
                                                 {"Region", c.region},
                                                 {"SecretKey", secret_key},
                                                 {"Token", token}}));
  b.run.ui.say("Uploading the bundle...");
  if (b.debug) b.run.ui.say(fmt::format("Running: {}", command));  // the event bus masks the keys
  if (int status = run_on_instance(b, command); status != 0) {
    if (status == 3)
      b.run.ui.error(fmt::format("Please check that the bucket `{}` does not exist, or exists and is writable. This "
                                 "error indicates that the bucket may be owned by somebody else.",
                                 s.s3_bucket));
    throw Error("Bundle upload failed. Please see the output above for more\ndetails on what went wrong.",
                ErrorCode::Build);
  }
  b.image_location = s.s3_bucket + "/" + b.manifest_name;
}

void step_register_ami(BundleRun& b) {
  EbsRun& run = b.run;
  const EbsConfig& c = run.config;
  run.ui.say("Registering the AMI...");
  // An AMI to be encrypted is an intermediary: its encrypted copy gets the name (StepAMIRegionCopy).
  std::string name = c.encrypt_boot.value_or(false) ? random_alnum7() : c.ami_name;
  QueryParams q;
  q.add("ImageLocation", b.image_location).add("Name", name);
  add_block_devices(q, "BlockDeviceMapping", c.ami_block_device_mappings);
  if (!c.ami_virtualization_type.empty()) q.add("VirtualizationType", c.ami_virtualization_type);
  if (c.sriov_support) q.add("SriovNetSupport", "simple");
  if (c.ena_support.value_or(false)) q.add("EnaSupport", "true");
  auto doc = run.ec2.call("RegisterImage", q, CancelToken{});  // as CreateKeyPair (steps_access.cpp)
  std::string ami = xml_text(doc->document_element(), {"imageId"});
  if (ami.empty()) throw Error("RegisterImage answered without an image id", ErrorCode::Build);
  push_ami_undo(run, run.ec2, ami);
  run.ui.say(fmt::format("AMI: {}", ami));
  run.state.amis[c.region] = ami;
  run.ui.say("Waiting for AMI to become ready...");
  wait_available(run.ec2, ami, c.polling, run.cancel);
  run.state.snapshots[c.region] = {};  // an instance-store AMI has none
}

}  // namespace kiln::amazon
