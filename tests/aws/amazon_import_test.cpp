// amazon-import end to end through Session against moto behind the signing proxy: S3 uploads with
// kiln's SigV4 (one PutObject, or a multipart upload above the part size), ImportImage and the wait
// (answered by the proxy's VM Import stand-in, which reads the object from moto's S3), the copy to
// ami_name, tags, launch permissions, the S3 object deleted, and the AMI as the artifact.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>

#include "../fixtures/moto/moto.hpp"
#include "iam.hpp"
#include "aws/sigv4.hpp"
#include "kiln/build.hpp"

using namespace kiln;

namespace {

struct Import {
  explicit Import(const std::string& faults = "") : moto(faults) { moto.check({"create-bucket", "kiln-import"}); }

  test::Moto moto;
  test::TempDir dir;
  std::vector<Event> events;
  std::mutex m;

  // A disk image of `size` bytes (a counter's text, so every part differs) starting with `head`.
  std::string image(const std::string& name, size_t size, const std::string& head = "") {
    std::string bytes = head;
    for (int i = 0; bytes.size() < size; ++i) bytes += std::to_string(i) + '\n';
    bytes.resize(size);
    std::ofstream(dir.path() + "/" + name, std::ios::binary) << bytes;
    return bytes;
  }

  std::string polling = R"({"delay_seconds": 1, "max_attempts": 10})";
  // Cancels the run when an event says this.
  std::string cancel_on;
  CancelSource cancel;

  std::vector<BuildResult> build(const std::string& file, const std::string& options) {
    std::string json = fmt::format(R"({{
  "builders": [{{"type": "null", "communicator": "none"}}],
  "post-processors": [[
    {{"type": "artifice", "files": ["{}/{}"]}},
    {{"type": "amazon-import", "region": "us-east-1", "access_key": "{}", "secret_key": "{}",
      "custom_endpoint_ec2": "{}", "s3_bucket_name": "kiln-import", "format": "raw",
      "aws_polling": {}{}}}
  ]]
}})",
                                   dir.path(), file, moto.credentials().access_key, moto.credentials().secret_key,
                                   moto.endpoint(), polling, options);
    BuildOptions o;
    // S3's endpoint is not a template setting in Packer 1.6.6: the run's environment names it, as the SDKs read it.
    o.environment = std::make_shared<Environment>(
        std::map<std::string, std::string, std::less<>>{{"AWS_ENDPOINT_URL_S3", moto.endpoint()}});
    o.events = std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) {
      std::lock_guard l(m);
      events.push_back(e);
      if (!cancel_on.empty() && e.text.find(cancel_on) != std::string::npos) cancel.cancel();
    }));
    o.cancel = cancel.token();
    Session session(Template::parse(json, "import.json"), std::move(o));
    session.prepare();
    return session.run();
  }

  rapidjson::Document json(const std::vector<std::string>& args) const {
    rapidjson::Document doc;
    doc.Parse(moto.check(args).c_str());
    return doc;
  }

  long count(const std::string& action) const {
    auto a = moto.actions();
    return std::count(a.begin(), a.end(), action);
  }
};

// The IAM action that authorizes a recorded API call.
std::string iam_action(const std::string& call) {
  static const std::map<std::string, std::string> s3{{"PutObject", "s3:PutObject"},
                                                     {"CreateMultipartUpload", "s3:PutObject"},
                                                     {"UploadPart", "s3:PutObject"},
                                                     {"CompleteMultipartUpload", "s3:PutObject"},
                                                     {"AbortMultipartUpload", "s3:AbortMultipartUpload"},
                                                     {"DeleteObject", "s3:DeleteObject"}};
  auto it = s3.find(call);
  return it != s3.end() ? it->second : "ec2:" + call;
}

// The id of the result's one amazon-import artifact (the null builder's is kept beside it: artifice
// asks for its input to be kept, as in Packer).
std::string imported(const BuildResult& result) {
  std::string id;
  for (const auto& a : result.artifacts)
    if (a->builder_id() == "packer.post-processor.amazon-import") {
      CHECK(id.empty());
      id = a->id();
    }
  return id;
}

}  // namespace

TEST_CASE("amazon-import: multipart upload, import, rename to ami_name, tags, launch permissions, object deleted") {
  Import t;
  t.image("disk.raw", 6 * 1024 * 1024 + 4321);  // a part of 5 MiB and the rest
  auto results = t.build("disk.raw", R"(, "ami_name": "kiln-imported", "ami_description": "imported by kiln",
      "tags": {"Name": "kiln", "stage": "test"}, "ami_users": ["123456789012"], "ami_groups": ["all"],
      "s3_key_name": "images/{{build_name}}-disk.raw", "license_type": "BYOL")");
  REQUIRE(results.size() == 1);
  INFO(results[0].error);
  REQUIRE(results[0].ok);
  std::string id = imported(results[0]);
  REQUIRE(id.rfind("us-east-1:ami-", 0) == 0);
  std::string ami = id.substr(10);

  // The S3 calls, signed for s3 and checked by botocore: a multipart upload of two parts, then the delete.
  CHECK(t.count("CreateMultipartUpload") == 1);
  CHECK(t.count("UploadPart") == 2);
  CHECK(t.count("CompleteMultipartUpload") == 1);
  CHECK(t.count("PutObject") == 0);
  CHECK(t.count("DeleteObject") == 1);
  CHECK(t.moto.bodies("DeleteObject") == std::vector<std::string>{"DELETE /kiln-import/images/null-disk.raw"});
  CHECK(t.json({"s3-objects", "kiln-import"}).ObjectEmpty());
  // ImportImage as 1.6.6 sends it; then waits, copies to the name, deregisters the import.
  auto import = t.moto.bodies("ImportImage");
  REQUIRE(import.size() == 1);
  for (const char* part : {"Encrypted=false", "DiskContainer.1.Format=raw", "DiskContainer.1.UserBucket.S3Bucket=kiln-import",
                           "DiskContainer.1.UserBucket.S3Key=images%2Fnull-disk.raw", "LicenseType=BYOL"})
    CHECK_MESSAGE(import[0].find(part) != std::string::npos, part);
  CHECK(t.count("DescribeImportImageTasks") >= 3);  // twice in the wait, once for the outcome
  CHECK(t.count("CopyImage") == 1);
  CHECK(t.count("DeregisterImage") == 1);
  CHECK(t.count("ModifyImageAttribute") == 3);  // description, groups, users

  auto state = t.json({"state"});
  const rapidjson::Value* image = nullptr;
  for (const auto& i : state["images"].GetArray()) {
    CHECK(std::string(i["name"].GetString()).rfind("import-ami-", 0) != 0);  // the intermediary is gone
    if (i["id"].GetString() == ami) image = &i;
  }
  REQUIRE(image);
  CHECK(std::string((*image)["name"].GetString()) == "kiln-imported");
  CHECK(std::string((*image)["tags"]["stage"].GetString()) == "test");
  for (const auto& device : (*image)["block_devices"].GetArray())
    for (const auto& s : state["snapshots"].GetArray())
      if (s["id"] == device["snapshot"]) CHECK(std::string(s["tags"]["Name"].GetString()) == "kiln");
  // moto keeps no description and no launch permissions of this form: checked on the wire.
  auto attributes = t.moto.bodies("ModifyImageAttribute");
  REQUIRE(attributes.size() == 3);
  CHECK(attributes[0].find("Description.Value=imported%20by%20kiln&ImageId=" + ami) != std::string::npos);
  CHECK(attributes[1].find("UserGroup.1=all&LaunchPermission.Add.1.Group=all&ImageId=" + ami) != std::string::npos);
  CHECK(attributes[2].find("UserId.1=123456789012&LaunchPermission.Add.1.UserId=123456789012&ImageId=" + ami) !=
        std::string::npos);

  // Least privilege: every action sent is in the documented list.
  auto documented = test::documented_iam_actions("iam_amazon_import_actions.txt");
  for (const auto& action : t.moto.actions()) CHECK_MESSAGE(documented.count(iam_action(action)), action);
}

TEST_CASE("amazon-import: one PutObject below the part size, its bytes, encryption, skip_clean keeps it") {
  Import t;
  std::string bytes = t.image("small.raw", 300 * 1024);
  auto results = t.build("small.raw", R"(, "skip_clean": true, "s3_encryption": "AES256", "s3_key_name": "small.raw")");
  REQUIRE(results.size() == 1);
  INFO(results[0].error);
  REQUIRE(results[0].ok);
  CHECK(t.count("PutObject") == 1);
  CHECK(t.count("CreateMultipartUpload") == 0);
  CHECK(t.count("DeleteObject") == 0);
  CHECK(t.count("CopyImage") == 0);  // no ami_name: the imported AMI is the artifact
  auto objects = t.json({"s3-objects", "kiln-import"});
  REQUIRE(objects.HasMember("small.raw"));
  CHECK(objects["small.raw"]["size"].GetInt64() == 300 * 1024);
  CHECK(std::string(objects["small.raw"]["sha256"].GetString()) == aws::hex_sha256(bytes));
  CHECK(std::string(objects["small.raw"]["sse"].GetString()) == "AES256");
  std::string id = imported(results[0]);
  auto state = t.json({"state"});
  bool named = false;
  for (const auto& i : state["images"].GetArray())
    if ("us-east-1:" + std::string(i["id"].GetString()) == id) named = std::string(i["name"].GetString()).rfind("import-ami-", 0) == 0;
  CHECK(named);
}

TEST_CASE("amazon-import: a multipart upload that fails is aborted, leaving no parts behind") {
  Import t("UploadPart=pass,UploadPart=denied");
  t.image("disk.raw", 6 * 1024 * 1024);  // two parts: the second is refused
  auto results = t.build("disk.raw", "");
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].error.find("Failed to upload") != std::string::npos);
  CHECK(results[0].error.find("UnauthorizedOperation") != std::string::npos);
  CHECK(t.count("UploadPart") == 1);
  CHECK(t.count("UploadPart denied") == 1);
  CHECK(t.count("AbortMultipartUpload") == 1);
  CHECK(t.count("ImportImage") == 0);
  CHECK(t.moto.check({"s3-uploads", "kiln-import"}) == "0\n");
  CHECK(t.json({"s3-objects", "kiln-import"}).ObjectEmpty());
}

TEST_CASE("amazon-import cancelled while waiting for the import: the wait stops, the object is removed") {
  Import t;
  t.image("disk.raw", 64 * 1024);
  t.cancel_on = "Waiting for task";
  t.polling = R"({"delay_seconds": 30, "max_attempts": 10})";
  auto results = t.build("disk.raw", R"(, "ami_name": "never")");
  REQUIRE(results.size() == 1);
  CHECK(results[0].cancelled);
  CHECK(t.count("DescribeImportImageTasks") <= 1);  // cancelled in the 30 s between polls, not after them
  CHECK(t.count("CopyImage") == 0);
  CHECK(t.count("DeleteObject") == 1);
  CHECK(t.json({"s3-objects", "kiln-import"}).ObjectEmpty());
  auto state = t.json({"state"});
  CHECK(state["images"].GetArray().Empty());
}

TEST_CASE("amazon-import failures are Packer 1.6.6's") {
  Import t;
  t.image("broken.raw", 4096, "BROKEN");
  auto results = t.build("broken.raw", R"(, "ami_name": "never")");
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].error.find("failed with status message: ClientError: Disk validation failed") != std::string::npos);
  CHECK(t.count("CopyImage") == 0);
  // Unlike 1.6.6, which leaves it, the uploaded image is removed when the import fails.
  CHECK(t.count("DeleteObject") == 1);
  CHECK(t.json({"s3-objects", "kiln-import"}).ObjectEmpty());

  t.image("disk.vmdk", 4096);
  results = t.build("disk.vmdk", "");
  CHECK(results.at(0).error.find("No raw image file found in artifact from builder") != std::string::npos);

  // Every configuration problem at once.
  std::string json = R"({"builders": [{"type": "null", "communicator": "none"}],
    "post-processors": [{"type": "amazon-import", "region": "us-east-1", "access_key": "x", "format": "qcow2",
                         "s3_encryption": "des", "aws_polling": {"delay_seconds": 1, "max_tries": 3}}]})";
  try {
    Session(Template::parse(json, "bad.json"), BuildOptions{}).prepare();
    FAIL("prepare accepted a bad configuration");
  } catch (const TemplateError& e) {
    std::string what = e.what();
    CHECK(what.find("s3_bucket_name must be set") != std::string::npos);
    CHECK(what.find("invalid format 'qcow2'. Only 'ova', 'raw', 'vhd', 'vhdx', or 'vmdk' are allowed") != std::string::npos);
    CHECK(what.find("invalid s3 encryption format 'des'") != std::string::npos);
    CHECK(what.find("`access_key` and `secret_key` must both be either set or not set.") != std::string::npos);
    // The access options are read as the amazon builders read them (builders/amazon/decode.cpp).
    CHECK(what.find("post-processors[0].aws_polling: unknown key \"max_tries\"") != std::string::npos);
  }
}
