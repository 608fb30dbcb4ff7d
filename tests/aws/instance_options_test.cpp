// amazon-instance's options: Packer 1.6.6's defaults and messages (no EC2 involved).
#include <doctest/doctest.h>

#include <fstream>

#include "../aws/support.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "builders/amazon/instance_builder.hpp"
#include "kiln/build.hpp"

using namespace kiln;
using namespace kiln::amazon;

namespace {

const std::string kCommon = R"("type": "amazon-instance", "region": "us-east-1", "source_ami": "ami-12345678",
  "instance_type": "m3.medium", "ami_name": "kiln-instance-options", "ssh_username": "ec2-user")";

std::string problems(const std::string& keys) {
  std::string json = R"({"builders": [{)" + kCommon + keys + "}]}";
  try {
    Session(Template::parse(json, "t.json"), BuildOptions{}).prepare();
  } catch (const TemplateError& e) {
    return e.what();
  }
  return {};
}

InstanceStoreConfig decode(const std::string& keys) {
  Problems p;
  Value raw = parse_json("{" + kCommon + keys + "}", "t.json").value;
  InterpContext ctx;
  ctx.run = make_run_constants();
  Config config = decode_config(raw, instance_schema(), ctx, "builders[0]", p, {"type"});
  EbsConfig common = decode_ebs_config(config, p, "amazon-instance");
  return decode_instance_store_config(config, common, p);
}

}  // namespace

TEST_CASE("amazon-instance: the required options, each reported") {
  std::string all = problems(R"(, "x509_key_path": "/nonexistent/key.pem", "communicator": "none")");
  INFO(all);
  CHECK(all.find("builders[0]: account_id is required") != std::string::npos);
  CHECK(all.find("builders[0]: s3_bucket is required") != std::string::npos);
  CHECK(all.find("builders[0]: x509_cert_path is required") != std::string::npos);
  CHECK(all.find("builders[0].x509_key_path: x509_key_path points to bad file: stat /nonexistent/key.pem: no such "
                 "file or directory") != std::string::npos);
  CHECK(all.find("builders[0].communicator: amazon-instance runs its bundle commands on the instance") !=
        std::string::npos);
  // Options kiln refuses name the builder they were given to.
  std::string refused = problems(R"(, "assume_role": {"role_arn": "arn:aws:iam::1:role/x"})");
  CHECK(refused.find("assume_role is not supported by kiln's amazon-instance yet") != std::string::npos);
  CHECK(refused.find("amazon-ebs") == std::string::npos);
  // amazon-ebs's own volume options are not amazon-instance's.
  CHECK(problems(R"(, "run_volume_tags": {"a": "b"})").find("unknown key \"run_volume_tags\"") != std::string::npos);
}

TEST_CASE("amazon-instance: Packer 1.6.6's defaults") {
  test::TempDir dir;
  std::string cert = dir.path() + "/cert.pem", key = dir.path() + "/key.pem";
  std::ofstream(cert) << "cert";
  std::ofstream(key) << "key";
  std::string files = R"(, "account_id": "1234-5678-9012", "s3_bucket": "b", "x509_cert_path": ")" + cert +
                      R"(", "x509_key_path": ")" + key + "\"";
  CHECK(problems(files).empty());

  InstanceStoreConfig s = decode(files);
  CHECK(s.account_id == "123456789012");
  CHECK(s.x509_upload_path == "/tmp");
  CHECK(s.bundle_destination == "/tmp");
  CHECK(s.bundle_prefix.empty());  // image-{{timestamp}} when the build runs
  CHECK(s.bundle_vol_command ==
        "sudo -i -n ec2-bundle-vol -k {{.KeyPath}} -u {{.AccountId}} -c {{.CertPath}} -r {{.Architecture}} "
        "-e {{.PrivatePath}}/* -d {{.Destination}} -p {{.Prefix}} --batch --no-filter");
  CHECK(s.bundle_upload_command ==
        "sudo -i -n ec2-upload-bundle -b {{.BucketName}} -m {{.ManifestPath}} -a {{.AccessKey}} -s {{.SecretKey}} "
        "-d {{.BundleDirectory}} --batch --region {{.Region}} --retry");
  // With an instance profile the instance has credentials of its own: no keys on the command line.
  CHECK(decode(files + R"(, "iam_instance_profile": "builder")").bundle_upload_command ==
        "sudo -i -n ec2-upload-bundle -b {{.BucketName}} -m {{.ManifestPath}} -d {{.BundleDirectory}} --batch "
        "--region {{.Region}} --retry");
  // The bundle commands are late: {{.SecretKey}} survives preparation for the build to fill.
  CHECK(decode(files + R"(, "bundle_upload_command": "up {{.SecretKey}}")").bundle_upload_command == "up {{.SecretKey}}");
}
