// amazon-import's run, in Packer 1.6.6's order: upload to S3, ImportImage, wait, copy to ami_name
// (deregistering the imported AMI), tags, attributes, delete the S3 object.
#include <fmt/format.h>

#include <memory>

#include "aws/error.hpp"
#include "aws/s3_client.hpp"
#include "builders/amazon/artifact.hpp"
#include "builders/amazon/clients.hpp"
#include "builders/amazon/waiter.hpp"
#include "kiln/interpolate.hpp"
#include "postprocessors/amazon_import/amazon_import_post_processor.hpp"

namespace kiln {
namespace {

constexpr const char* kImportBuilderId = "packer.post-processor.amazon-import";

// The AMI, under the post-processor's builder id.
class ImportedAmi : public amazon::AmiArtifact {
 public:
  using AmiArtifact::AmiArtifact;
  std::string builder_id() const override { return kImportBuilderId; }
};

aws::Ec2Options import_ec2_options(const AmazonImportConfig& c, const PostProcessorContext& ctx) {
  if (c.region.empty())
    throw Error("amazon-import: no region: set region, AWS_REGION or AWS_DEFAULT_REGION, or a profile's region",
                ErrorCode::Config);
  return amazon::build_ec2_options(c, ctx);
}

struct ImportTask {
  std::string status, status_message, image_id;
};

ImportTask describe_task(aws::Ec2Client& ec2, const std::string& task_id) {
  aws::QueryParams q;
  q.add_list("ImportTaskId", {task_id});
  auto doc = ec2.call("DescribeImportImageTasks", q);
  auto item = doc->document_element().child("importImageTaskSet").child("item");
  return {aws::xml_text(item, {"status"}), aws::xml_text(item, {"statusMessage"}), aws::xml_text(item, {"imageId"})};
}

// The AMI's snapshots, from DescribeImages.
std::vector<std::string> snapshots_of(aws::Ec2Client& ec2, const std::string& ami) {
  aws::QueryParams q;
  q.add_list("ImageId", {ami});
  auto doc = ec2.call("DescribeImages", q);
  auto image = doc->document_element().child("imagesSet").child("item");
  if (!image) throw Error(fmt::format("AMI {} has no images", ami), ErrorCode::Build);
  std::vector<std::string> out;
  for (auto device : image.child("blockDeviceMapping").children("item"))
    if (std::string id = aws::xml_text(device, {"ebs", "snapshotId"}); !id.empty()) out.push_back(id);
  return out;
}

// Packer's DestroyAMIs: deregister, then delete the AMI's snapshots.
void destroy_ami(aws::Ec2Client& ec2, const std::string& ami) {
  std::vector<std::string> snapshots = snapshots_of(ec2, ami);
  ec2.call("DeregisterImage", aws::QueryParams().add("ImageId", ami));
  for (const auto& id : snapshots) ec2.call("DeleteSnapshot", aws::QueryParams().add("SnapshotId", id));
}

std::string import_image(aws::Ec2Client& ec2, const AmazonImportConfig& c, const std::string& key, Ui& ui) {
  aws::QueryParams q;
  q.add("Encrypted", c.ami_encrypt ? "true" : "false");
  q.add("DiskContainer.1.Format", c.format);
  q.add("DiskContainer.1.UserBucket.S3Bucket", c.s3_bucket_name);
  q.add("DiskContainer.1.UserBucket.S3Key", key);
  if (c.ami_encrypt && !c.ami_kms_key.empty()) q.add("KmsKeyId", c.ami_kms_key);
  if (!c.role_name.empty()) q.add("RoleName", c.role_name);
  if (!c.license_type.empty()) {
    ui.say(fmt::format("Setting license type to '{}'", c.license_type));
    q.add("LicenseType", c.license_type);
  }
  try {
    return aws::xml_text(ec2.call("ImportImage", q)->document_element(), {"importTaskId"});
  } catch (const RemoteError& e) {
    throw Error(fmt::format("Failed to start import from s3://{}/{}: {}", c.s3_bucket_name, key, e.what()),
                ErrorCode::Remote);
  }
}

// Waits for the task (1.6.6's waiter: every 5 s, 720 times; "deleted" fails it) and returns its AMI.
std::string wait_for_import(aws::Ec2Client& ec2, const AmazonImportConfig& c, const std::string& task_id,
                            const CancelToken& cancel) {
  try {
    amazon::wait_until({"import task " + task_id, "completed", {"deleted"}, 5, 720}, c.polling, cancel,
                       [&] { return describe_task(ec2, task_id).status; });
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    std::string message = "Error retrieving status message";
    try {
      message = describe_task(ec2, task_id).status_message;
    } catch (const Error&) {
    }
    throw Error(fmt::format("Import task {} failed with status message: {}, error: {}", task_id, message, e.what()),
                ErrorCode::Build);
  }
  ImportTask task = describe_task(ec2, task_id);
  if (task.status != "completed")
    throw Error(fmt::format("Import task {} failed: {}", task_id, task.status_message), ErrorCode::Build);
  return task.image_id;
}

// CopyImage to ami_name, then the imported AMI goes.
std::string rename(aws::Ec2Client& ec2, const AmazonImportConfig& c, const std::string& ami, Ui& ui,
                   const CancelToken& cancel) {
  ui.say(fmt::format("Starting rename of AMI ({})", ami));
  aws::QueryParams q;
  q.add("Name", c.ami_name).add("SourceImageId", ami).add("SourceRegion", c.region);
  if (c.ami_encrypt) {
    q.add("Encrypted", "true");
    if (!c.ami_kms_key.empty()) q.add("KmsKeyId", c.ami_kms_key);
  }
  std::string copy;
  try {
    copy = aws::xml_text(ec2.call("CopyImage", q)->document_element(), {"imageId"});
  } catch (const RemoteError& e) {
    throw Error(fmt::format("Error Copying AMI ({}): {}", ami, e.what()), ErrorCode::Remote);
  }
  ui.say("Waiting for AMI rename to complete (may take a while)");
  amazon::wait_until({"AMI " + copy + " to become available", "available", {"failed"}, 15, 120}, c.polling, cancel, [&] {
    aws::QueryParams d;
    d.add_list("ImageId", {copy});
    return aws::xml_text(ec2.call("DescribeImages", d)->document_element().child("imagesSet").child("item"),
                         {"imageState"});
  });
  ui.say("Destroying intermediary AMI...");
  destroy_ami(ec2, ami);
  ui.say("AMI rename completed");
  return copy;
}

void tag(aws::Ec2Client& ec2, const AmazonImportConfig& c, const std::string& ami, Ui& ui) {
  for (const auto& [key, value] : c.tags) ui.say(fmt::format("Adding tag \"{}\": \"{}\"", key, value));
  std::vector<std::string> resources{ami};
  for (const auto& snapshot : snapshots_of(ec2, ami)) {
    ui.say(fmt::format("Tagging snapshot {}", snapshot));
    resources.push_back(snapshot);
  }
  ui.say(fmt::format("Tagging AMI {}", ami));
  aws::QueryParams q;
  q.add_list("ResourceId", resources);
  q.add_tags(c.tags);
  ec2.call("CreateTags", q);
}

void modify_attributes(aws::Ec2Client& ec2, const AmazonImportConfig& c, const std::string& ami, Ui& ui) {
  std::vector<std::pair<std::string, aws::QueryParams>> changes;
  if (!c.ami_description.empty())
    changes.emplace_back("description", aws::QueryParams().add("Description.Value", c.ami_description));
  if (!c.ami_groups.empty()) {
    aws::QueryParams q;
    q.add_list("UserGroup", c.ami_groups);
    for (size_t i = 0; i < c.ami_groups.size(); ++i)
      q.add(fmt::format("LaunchPermission.Add.{}.Group", i + 1), c.ami_groups[i]);
    changes.emplace_back("groups", q);
  }
  if (!c.ami_users.empty()) {
    aws::QueryParams q;
    q.add_list("UserId", c.ami_users);
    for (size_t i = 0; i < c.ami_users.size(); ++i)
      q.add(fmt::format("LaunchPermission.Add.{}.UserId", i + 1), c.ami_users[i]);
    changes.emplace_back("users", q);
  }
  for (auto& [name, q] : changes) {
    ui.say(fmt::format("Modifying: {}", name));
    q.add("ImageId", ami);
    try {
      ec2.call("ModifyImageAttribute", q);
    } catch (const RemoteError& e) {
      throw Error(fmt::format("Error modifying AMI attributes: {}", e.what()), ErrorCode::Remote);
    }
  }
}

}  // namespace

PostProcessResult AmazonImportPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  const AmazonImportConfig& c = config_;
  aws::Ec2Options ec2_options = import_ec2_options(c, ctx);
  InterpContext interp = ctx.interp;
  if (ctx.generated) interp.data = *ctx.generated;
  std::string key;
  try {
    key = interpolate_fully(c.s3_key_name, interp);
  } catch (const Error& e) {
    throw Error(fmt::format("Error rendering s3_key_name template: {}", e.what()), ErrorCode::Template);
  }
  std::string source;
  for (const auto& file : input->files())
    if (file.size() > c.format.size() + 1 && file.ends_with("." + c.format)) {
      source = file;
      break;
    }
  if (source.empty()) throw Error(fmt::format("No {} image file found in artifact from builder", c.format), ErrorCode::Build);
  if (c.s3_encryption == "AES256" && !c.s3_encryption_key.empty())
    ctx.ui.say(fmt::format("Ignoring s3_encryption_key because s3_encryption is set to '{}'", c.s3_encryption));

  ctx.ui.say(fmt::format("Uploading {} to s3://{}/{}", source, c.s3_bucket_name, key));
  aws::Ec2Options s3_options = ec2_options;
  s3_options.endpoint.clear();  // custom_endpoint_ec2 is EC2's: S3 has its own (AWS_ENDPOINT_URL_S3 …)
  aws::S3Client s3(s3_options);
  try {
    s3.upload_file(source, c.s3_bucket_name, key, {c.s3_encryption, c.s3_encryption_key});
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(fmt::format("Failed to upload {}: {}", source, e.what()), ErrorCode::Remote);
  }
  ctx.ui.say(fmt::format("Completed upload of {} to s3://{}/{}", source, c.s3_bucket_name, key));

  auto clients = std::make_shared<amazon::Ec2Clients>(ec2_options);
  aws::Ec2Client& ec2 = clients->get(c.region);
  std::string ami;
  try {
    std::string task_id = import_image(ec2, c, key, ctx.ui);
    ctx.ui.say(fmt::format("Started import of s3://{}/{}, task id {}", c.s3_bucket_name, key, task_id));
    ctx.ui.say(fmt::format("Waiting for task {} to complete (may take a while)", task_id));
    ami = wait_for_import(ec2, c, task_id, ctx.cancel);
    ctx.ui.say(fmt::format("Import task {} complete", task_id));
    if (!c.ami_name.empty()) ami = rename(ec2, c, ami, ctx.ui, ctx.cancel);
    if (!c.tags.empty()) tag(ec2, c, ami, ctx.ui);
    modify_attributes(ec2, c, ami, ctx.ui);
  } catch (...) {
    // Packer 1.6.6 leaves the uploaded image in the bucket when a later step fails or the run is
    // cancelled; kiln removes it (unless skip_clean), so a failed import leaves nothing stored.
    if (!c.skip_clean) try {
        s3.delete_object(c.s3_bucket_name, key, CancelToken{});
        ctx.ui.say(fmt::format("Deleted import source s3://{}/{}", c.s3_bucket_name, key));
      } catch (const std::exception& e) {
        ctx.ui.error(fmt::format("Failed to delete s3://{}/{}: {}", c.s3_bucket_name, key, e.what()));
      }
    throw;
  }
  auto artifact = std::make_shared<ImportedAmi>(std::map<std::string, std::string>{{c.region, ami}}, clients, ctx.ui);
  if (!c.skip_clean) {
    ctx.ui.say(fmt::format("Deleting import source s3://{}/{}", c.s3_bucket_name, key));
    try {
      s3.delete_object(c.s3_bucket_name, key, ctx.cancel);
    } catch (const Error& e) {
      throw Error(fmt::format("Failed to delete s3://{}/{}: {}", c.s3_bucket_name, key, e.what()), ErrorCode::Remote);
    }
  }
  return {artifact, false, false};
}

}  // namespace kiln
