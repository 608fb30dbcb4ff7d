// The current amazon plugin's options (beyond Packer 1.6.6) against moto_server: what reaches EC2,
// checked on the wire (the recording proxy) and, where moto models it, through boto3.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fixtures/moto/moto.hpp"
#include "ebs_config.hpp"
#include "aws/sigv4.hpp"
#include "builders/amazon/clients.hpp"
#include "builders/amazon/ebs_builder.hpp"
#include "builders/amazon/sequence.hpp"
#include "kiln/build.hpp"
#include "kiln/config.hpp"
#include "kiln/interpolate.hpp"

using namespace kiln;
using namespace kiln::amazon;

namespace {

// Whether the form body carries name=value (value URL-encoded as kiln and the SDKs send it).
bool has_param(const std::string& body, const std::string& name, const std::string& value) {
  return ("&" + body + "&").find("&" + name + "=" + aws::uri_encode(value) + "&") != std::string::npos;
}
bool has_name(const std::string& body, const std::string& name) {
  return ("&" + body).find("&" + name + "=") != std::string::npos;
}

// Runs a Python snippet with boto3 against moto itself (not through kiln's client); returns its JSON.
rapidjson::Document boto3(const test::Moto& moto, const std::string& body, const std::vector<std::string>& args = {}) {
  std::string script = "import boto3, json, sys\nec2 = boto3.client('ec2', region_name='us-east-1', endpoint_url=sys.argv[1], "
                       "aws_access_key_id='testing', aws_secret_access_key='testing')\n" + body;
  std::vector<std::string> argv{test::source_root() + "/.venv/bin/python", "-c", script, moto.moto_endpoint()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto out = test::run(argv);
  REQUIRE(out.status == 0);
  rapidjson::Document d;
  d.Parse(out.out.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

struct Harness {
  test::Moto& moto;
  std::vector<Event> events;
  std::shared_ptr<EventBus> bus =
      std::make_shared<EventBus>(std::make_shared<FunctionSink>([this](const Event& e) { events.push_back(e); }));
  CancelSource cancel;
  std::shared_ptr<Ec2Clients> clients;

  Harness(test::Moto& m, int attempts = 6) : moto(m) {
    aws::Ec2Options o;
    o.region = "us-east-1";
    o.endpoint = moto.endpoint();
    o.credentials = moto.credentials();
    o.ui = Ui(bus, "amazon-ebs");
    o.cancel = cancel.token();
    o.retry.max_attempts = attempts;
    clients = std::make_shared<Ec2Clients>(o);
  }
  bool said(const std::string& text) const {
    return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.text.find(text) != std::string::npos; });
  }
  // Runs the whole sequence; `connected` sees the run when the communicator would connect.
  EbsState build(const EbsConfig& c, const std::function<void(EbsRun&)>& connected = {}) {
    CleanupStack cleanup(Ui(bus, "amazon-ebs"));
    EbsRun run{c, clients->get(c.region), [this](const std::string& r) -> aws::Ec2Client& { return clients->get(r); },
               cleanup, Ui(bus, "amazon-ebs"), cancel.token(), {}, nullptr, {}};
    run_sequence(run, nullptr, [&](EbsRun& r) -> std::unique_ptr<Communicator> {
      if (connected) connected(r);
      return nullptr;
    });
    return run.state;
  }
};

std::string only(const std::vector<std::string>& bodies) {
  REQUIRE(bodies.size() == 1);
  return bodies[0];
}

}  // namespace

TEST_CASE("amazon-ebs options: a 1.6.6 configuration sends none of the later parameters") {
  test::Moto moto;
  Harness h(moto);
  h.build(test::base_config("kiln-opt-plain"));
  std::string run = only(moto.bodies("RunInstances"));
  for (const char* name : {"MetadataOptions.HttpEndpoint", "CreditSpecification.CpuCredits", "EnclaveOptions.Enabled",
                           "Placement.Tenancy", "LicenseSpecification.1.LicenseConfigurationArn",
                           "CapacityReservationSpecification.CapacityReservationPreference"})
    CHECK_FALSE(has_name(run, name));
  CHECK_FALSE(has_name(only(moto.bodies("CreateKeyPair")), "KeyType"));
  CHECK_FALSE(has_name(only(moto.bodies("CreateImage")), "TagSpecification.1.ResourceType"));
  auto actions = moto.actions();
  CHECK(std::count(actions.begin(), actions.end(), "ModifyImageAttribute") == 0);
}

TEST_CASE("amazon-ebs options: launch and AMI options reach EC2 as the plugin sends them") {
  test::Moto moto;
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-opt-all");
  c.metadata_options = MetadataOptions{"enabled", "required", 2, "enabled"};
  c.placement.tenancy = "dedicated";
  c.license_configuration_arns = {"arn:aws:license-manager:us-east-1:123456789012:license-configuration:lic-1"};
  c.capacity_reservation_preference = "open";
  c.enable_unlimited_credits = true;
  c.ami_org_arns = {"arn:aws:organizations::123456789012:organization/o-kiln1"};
  c.ami_ou_arns = {"arn:aws:organizations::123456789012:ou/o-kiln1/ou-kiln-1"};
  c.imds_support = "v2.0";
  c.ami_regions = {"us-west-2"};
  c.snapshot_copy_duration_minutes = 30;
  c.temporary_key_pair_type = "rsa";

  std::string instance_metadata;
  EbsState state = h.build(c, [&](EbsRun& r) {
    // While the instance runs: what moto recorded for it.
    auto d = boto3(moto, "print(json.dumps(ec2.describe_instances(InstanceIds=[sys.argv[2]])"
                         "['Reservations'][0]['Instances'][0]['MetadataOptions']))",
                   {r.state.instance.id});
    instance_metadata = fmt::format("{} {} {} {}", d["HttpEndpoint"].GetString(), d["HttpTokens"].GetString(),
                                    d["HttpPutResponseHopLimit"].GetInt(), d["InstanceMetadataTags"].GetString());
  });
  CHECK(instance_metadata == "enabled required 2 enabled");

  std::string run = only(moto.bodies("RunInstances"));
  CHECK(has_param(run, "MetadataOptions.HttpEndpoint", "enabled"));
  CHECK(has_param(run, "MetadataOptions.HttpTokens", "required"));
  CHECK(has_param(run, "MetadataOptions.HttpPutResponseHopLimit", "2"));
  CHECK(has_param(run, "MetadataOptions.InstanceMetadataTags", "enabled"));
  CHECK(has_param(run, "CreditSpecification.CpuCredits", "unlimited"));
  CHECK(has_param(run, "Placement.Tenancy", "dedicated"));
  CHECK(has_param(run, "LicenseSpecification.1.LicenseConfigurationArn", c.license_configuration_arns[0]));
  CHECK(has_param(run, "CapacityReservationSpecification.CapacityReservationPreference", "open"));
  CHECK_FALSE(has_name(run, "EnclaveOptions.Enabled"));
  CHECK(has_param(only(moto.bodies("CreateKeyPair")), "KeyType", "rsa"));

  std::string copy = only(moto.bodies("CopyImage"));
  CHECK(has_param(copy, "SnapshotCopyCompletionDurationMinutes", "30"));
  CHECK(has_param(copy, "CopyImageTags", "true"));

  auto modify = moto.bodies("ModifyImageAttribute");
  auto sent = [&](const std::string& name, const std::string& value) {
    return std::count_if(modify.begin(), modify.end(), [&](const std::string& b) { return has_param(b, name, value); });
  };
  // One call per AMI (build region and copy) for each option.
  CHECK(sent("OrganizationArn.1", c.ami_org_arns[0]) == 2);
  CHECK(sent("LaunchPermission.Add.1.OrganizationArn", c.ami_org_arns[0]) == 2);
  CHECK(sent("OrganizationalUnitArn.1", c.ami_ou_arns[0]) == 2);
  CHECK(sent("LaunchPermission.Add.1.OrganizationalUnitArn", c.ami_ou_arns[0]) == 2);
  CHECK(sent("ImdsSupport.Value", "v2.0") == 2);

  // moto models launch permissions: read them back with boto3.
  REQUIRE(state.amis.count("us-east-1"));
  auto perms = boto3(moto,
                     "a = ec2.describe_image_attribute(ImageId=sys.argv[2], Attribute='launchPermission')\n"
                     "print(json.dumps({'perms': a['LaunchPermissions']}))",
                     {state.amis["us-east-1"]});
  std::vector<std::string> arns;
  for (const auto& p : perms["perms"].GetArray())
    for (const auto& m : p.GetObject()) arns.push_back(m.value.GetString());
  CHECK(std::count(arns.begin(), arns.end(), c.ami_org_arns[0]) == 1);
  CHECK(std::count(arns.begin(), arns.end(), c.ami_ou_arns[0]) == 1);
}

TEST_CASE("amazon-ebs options moto does not model: deprecate_at, deregistration_protection, run tags on the AMI") {
  // moto answers these requests with a 500 (EnableImageDeprecation and
  // EnableImageDeregistrationProtection are not implemented; CreateImage refuses a snapshot tag
  // specification), so the test checks the requests on the wire and that EC2's refusal stops the
  // step; one attempt, so no retries are waited for.
  test::Moto moto;
  std::string ami = moto.check({"create-image", "kiln-opt-lifecycle"});
  ami.erase(ami.find_last_not_of("\n") + 1);
  Harness h(moto, 1);
  EbsConfig c = test::base_config("kiln-opt-lifecycle");
  c.deprecate_at = "2030-01-02T13:04:05Z";
  c.deregistration_protection = {true, true};
  CleanupStack cleanup(Ui(h.bus, "amazon-ebs"));
  EbsRun run{c, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
             cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
  run.state.amis["us-east-1"] = ami;
  CHECK_THROWS(step_enable_deprecation(run));
  CHECK(has_param(only(moto.bodies("EnableImageDeprecation")), "ImageId", ami));
  CHECK(has_param(only(moto.bodies("EnableImageDeprecation")), "DeprecateAt", "2030-01-02T13:04:05Z"));
  CHECK(h.said("Enabling deprecation on AMI (" + ami + ") in region \"us-east-1\" ..."));
  CHECK_THROWS(step_enable_deregistration_protection(run));
  CHECK(has_param(only(moto.bodies("EnableImageDeregistrationProtection")), "WithCooldown", "true"));

  // skip_ami_run_tags: false tags the AMI and its snapshots with the run tags in CreateImage.
  auto launched = boto3(moto, "print(json.dumps(ec2.run_instances(ImageId=sys.argv[2], MinCount=1, MaxCount=1)"
                              "['Instances'][0]['InstanceId']))", {ami});
  c.run_tags = {{"team", "images"}};
  c.skip_ami_run_tags = false;
  run.state.instance.id = launched.GetString();
  CHECK_THROWS(step_create_ami(run));
  std::string create = only(moto.bodies("CreateImage"));
  CHECK(has_param(create, "InstanceId", run.state.instance.id));
  CHECK(has_param(create, "TagSpecification.1.ResourceType", "image"));
  CHECK(has_param(create, "TagSpecification.1.Tag.1.Key", "team"));
  CHECK(has_param(create, "TagSpecification.1.Tag.1.Value", "images"));
  CHECK(has_param(create, "TagSpecification.2.ResourceType", "snapshot"));
  CHECK(has_param(create, "TagSpecification.2.Tag.1.Key", "team"));
  CHECK(h.said("Attaching run tags to AMI..."));

  // Unset, neither step calls EC2.
  EbsConfig plain = test::base_config("kiln-opt-lifecycle");
  EbsRun quiet{plain, h.clients->get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return h.clients->get(r); },
               cleanup, Ui(h.bus, "amazon-ebs"), h.cancel.token(), {}, nullptr, {}};
  quiet.state.amis["us-east-1"] = ami;
  step_enable_deprecation(quiet);
  step_enable_deregistration_protection(quiet);
  CHECK(moto.bodies("EnableImageDeprecation").size() == 1);
  CHECK(moto.bodies("EnableImageDeregistrationProtection").size() == 1);
}

TEST_CASE("amazon-ebs options: an ed25519 temporary key pair; the communicator gets the key EC2 returned") {
  test::Moto moto;
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-opt-ed25519");
  c.temporary_key_pair_type = "ed25519";
  std::string private_key, ec2_public_key, key_name;
  EbsState state = h.build(c, [&](EbsRun& r) {
    private_key = r.state.private_key;
    key_name = r.state.key_pair_name;
    auto d = boto3(moto,
                   "k = ec2.describe_key_pairs(KeyNames=[sys.argv[2]], IncludePublicKey=True)['KeyPairs'][0]\n"
                   "print(json.dumps({'type': k['KeyType'], 'public': k['PublicKey']}))",
                   {key_name});
    CHECK(std::string(d["type"].GetString()) == "ed25519");
    ec2_public_key = d["public"].GetString();
  });
  CHECK(has_param(only(moto.bodies("CreateKeyPair")), "KeyType", "ed25519"));
  CHECK(has_param(only(moto.bodies("RunInstances")), "KeyName", key_name));
  REQUIRE(private_key.rfind("-----BEGIN OPENSSH PRIVATE KEY-----", 0) == 0);
  // The private key the communicator is given derives the public key EC2 holds for the pair.
  test::TempDir dir;
  std::string path = dir.path() + "/key";
  std::ofstream(path) << private_key;
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto derived = test::run({"ssh-keygen", "-y", "-f", path});
  REQUIRE(derived.status == 0);
  auto words = [](const std::string& key) {  // "type base64" without the comment
    std::istringstream in(key);
    std::string type, blob;
    in >> type >> blob;
    return type + " " + blob;
  };
  CHECK(words(derived.out).rfind("ssh-ed25519 ", 0) == 0);
  CHECK(words(derived.out) == words(ec2_public_key));
}

TEST_CASE("amazon-ebs options: temporary_security_group_source_public_ip authorizes this host's address only") {
  test::Moto moto;
  test::TempDir web;
  std::ofstream(web.path() + "/checkip") << "203.0.113.7\n";
  // http.server on a port it binds itself (see test::port_from).
  const char* serve = "import functools, http.server, sys\n"
                      "handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])\n"
                      "server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)\n"
                      "open(sys.argv[2], 'w').write(f'{server.server_address[1]}\\n')\n"
                      "server.serve_forever()\n";
  test::Child server({"python3", "-c", serve, web.path(), web.path() + "/port"});
  int port = test::port_from(web.path() + "/port", std::chrono::seconds(10));
  REQUIRE(port);
  Harness h(moto);
  EbsConfig c = test::base_config("kiln-opt-publicip");
  c.temporary_security_group_source_public_ip = true;
  c.check_ip_url = "http://127.0.0.1:" + std::to_string(port) + "/checkip";
  h.build(c);
  std::string ingress = only(moto.bodies("AuthorizeSecurityGroupIngress"));
  CHECK(has_param(ingress, "IpPermissions.1.IpRanges.1.CidrIp", "203.0.113.7/32"));
  CHECK_FALSE(has_name(ingress, "IpPermissions.1.IpRanges.2.CidrIp"));
  CHECK(h.said("Current host's public IP: 203.0.113.7"));

  {  // given CIDRs win, as with the plugin
    test::Moto moto2;
    Harness h2(moto2);
    c.temporary_security_group_source_cidrs = {"198.51.100.0/24", "2001:db8::/32"};
    // And the launch options the first test cannot combine with its burstable type.
    c.instance_type = "m5.large";
    c.enable_nitro_enclave = true;
    c.capacity_reservation_id = "cr-0123456789abcdef0";
    c.placement = {"arn:aws:resource-groups:us-east-1:123456789012:group/hosts", "", "host"};
    h2.build(c);
    std::string launch = only(moto2.bodies("RunInstances"));
    CHECK(has_param(launch, "EnclaveOptions.Enabled", "true"));
    CHECK(has_param(launch, "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId",
                    "cr-0123456789abcdef0"));
    CHECK_FALSE(has_name(launch, "CapacityReservationSpecification.CapacityReservationPreference"));
    CHECK(has_param(launch, "Placement.HostResourceGroupArn", c.placement.host_resource_group_arn));
    CHECK(has_param(launch, "Placement.Tenancy", "host"));
    CHECK_FALSE(has_name(launch, "CreditSpecification.CpuCredits"));
    std::string rules = only(moto2.bodies("AuthorizeSecurityGroupIngress"));
    CHECK(has_param(rules, "IpPermissions.1.IpRanges.1.CidrIp", "198.51.100.0/24"));
    CHECK(has_param(rules, "IpPermissions.1.Ipv6Ranges.1.CidrIpv6", "2001:db8::/32"));
    CHECK(h2.said("ignoring temporary_security_group_source_public_ip"));
  }
}

TEST_CASE("amazon-ebs options: the plugin's checks, every problem at once with file:line:column and key") {
  const std::string json = R"({"builders": [{"type": "amazon-ebs", "region": "us-east-1", "source_ami": "ami-12345678",
  "instance_type": "m5.large", "ami_name": "kiln-opt-checks", "communicator": "none",
  "metadata_options": {"http_endpoint": "on", "http_tokens": "maybe", "http_put_response_hop_limit": 65,
    "instance_metadata_tags": "yes", "http_protocol": "x"},
  "imds_support": "v1",
  "deprecate_at": "2030-02-30T00:00:00Z",
  "capacity_reservation_id": "cr-1",
  "capacity_reservation_group_arn": "arn:aws:resource-groups:us-east-1:123456789012:group/g",
  "capacity_reservation_preference": "always",
  "placement": {"host_id": "h-1", "host_resource_group_arn": "arn:x", "tenancy": "dedicated"},
  "tenancy": "host",
  "enable_unlimited_credits": true,
  "enable_t2_unlimited": true,
  "fleet_tags": {"a": "b"},
  "spot_allocation_strategy": "cheapest",
  "ami_org_arns": ["arn:aws:organizations::123456789012:organization/o-1"],
  "encrypt_boot": true,
  "temporary_key_pair_type": "dsa",
  "temporary_key_pair_bits": 1024,
  "fast_launch": {"enable_fast_launch": true},
  "ssh_interface": "session_manager"
}]})";
  auto line_of = [&](const std::string& key) {
    auto at = json.find("\"" + key + "\"");
    return std::count(json.begin(), json.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
  };
  auto session = [](const std::string& text) {
    return Session(Template::parse(text, "t.json"), BuildOptions{});
  };
  std::string all;
  try {
    session(json).prepare();
    FAIL("expected a TemplateError");
  } catch (const TemplateError& e) {
    all = e.what();
  }
  INFO(all);
  auto reported = [&](const std::string& key, const std::string& message) {
    return all.find(fmt::format("t.json:{}:", line_of(key))) != std::string::npos &&
           all.find("builders[0]." + key + ": " + message) != std::string::npos;
  };
  CHECK(reported("metadata_options", "http_endpoint requires either disabled or enabled as its value"));
  CHECK(reported("metadata_options", "http_tokens requires either optional or required as its value"));
  CHECK(reported("metadata_options", "http_put_response_hop_limit requires a number between 1 and 64"));
  CHECK(reported("metadata_options", "instance_metadata_tags requires either disabled or enabled as its value"));
  CHECK(all.find("builders[0].metadata_options: unknown key \"http_protocol\"") != std::string::npos);
  CHECK(reported("imds_support", "The only valid imds_support values are \"v2.0\" or the empty string"));
  CHECK(reported("deprecate_at", "deprecate_at is not a valid time: \"2030-02-30T00:00:00Z\". Expect time format: "
                                 "YYYY-MM-DDTHH:MM:SSZ"));
  CHECK(reported("capacity_reservation_id", "capacity_reservation_id and capacity_reservation_group_arn are "
                                            "mutually exclusive, only one should be used"));
  CHECK(reported("capacity_reservation_preference", "capacity_reservation_id, capacity_reservation_group_arn and "
                                                    "capacity_reservation_preference are mutually exclusive"));
  CHECK(reported("capacity_reservation_preference", "capacity_reservation_preference only accepts 'none' or 'open' values"));
  CHECK(reported("tenancy", "Error: Please set only one of placement.tenancy and tenancy (deprecated)"));
  CHECK(reported("placement", "The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time."));
  CHECK(reported("placement", "The tenancy should be `host` if either the `host_id` or `host_resource_group_arn`"));
  CHECK(reported("enable_unlimited_credits", "Error: Instance Type: m5.large is not within the supported types for "
                                             "Unlimited credits. Supported instance types are T2, T3, and T4g"));
  CHECK(reported("enable_t2_unlimited", "Error: T2 Unlimited enabled with a non-T2 Instance Type: m5.large"));
  CHECK(reported("fleet_tags", "fleet_tags should not be set when not requesting a spot instance"));
  CHECK(reported("spot_allocation_strategy", "Unknown spot_allocation_strategy: cheapest"));
  CHECK(reported("encrypt_boot", "Cannot share AMI encrypted with default KMS key"));
  CHECK(reported("temporary_key_pair_type", "temporary_key_pair_type requires either rsa or ed25519 as its value"));
  CHECK(reported("fast_launch", "fast_launch (Windows fast launch) is not supported by kiln's amazon-ebs"));
  CHECK(all.find("ssh_interface \"session_manager\" is not supported by kiln's amazon-ebs") != std::string::npos);
  CHECK(all.find(fmt::format("t.json:{}:", line_of("ssh_interface"))) != std::string::npos);

  // Valid values pass, and RFC 3339 offsets become EC2's UTC form.
  const std::string good = R"({"builders": [{"type": "amazon-ebs", "region": "us-east-1", "source_ami": "ami-12345678",
    "instance_type": "t3.micro", "ami_name": "kiln-opt-good", "communicator": "none",
    "metadata_options": {"http_tokens": "required", "http_put_response_hop_limit": "3"}, "imds_support": "v2.0",
    "deprecate_at": "2030-01-02T15:04:05.500+02:00", "deregistration_protection": {"with_cooldown": true},
    "capacity_reservation_group_arn": "arn:aws:resource-groups:us-east-1:123456789012:group/g",
    "placement": {"host_id": "h-1", "tenancy": "host"}, "enable_unlimited_credits": true,
    "license_specifications": [{"license_configuration_request": {"license_configuration_arn": "arn:lic"}}],
    "spot_allocation_strategy": "price-capacity-optimized", "skip_ami_run_tags": true,
    "temporary_key_pair_type": "ed25519", "temporary_security_group_source_public_ip": true,
    "ami_ou_arns": ["arn:ou"], "snapshot_copy_duration_minutes": 15}]})";
  Session s = session(good);
  CHECK_NOTHROW(s.prepare());
  Problems problems;
  const Value& raw = s.get_template().builders[0].config;
  InterpContext ctx;
  ctx.build = build_placeholder_data();
  EbsConfig c = decode_ebs_config(decode_config(raw, ebs_schema(), ctx, "builders[0]", problems), problems, "amazon-ebs");
  CHECK(problems.empty());
  CHECK(c.deprecate_at == "2030-01-02T13:04:05.5Z");
  REQUIRE(c.metadata_options);
  CHECK(c.metadata_options->http_endpoint == "enabled");
  CHECK(c.metadata_options->http_put_response_hop_limit == 3);
  CHECK(c.deregistration_protection.enabled);
  CHECK(c.placement.tenancy == "host");
  CHECK(c.license_configuration_arns == std::vector<std::string>{"arn:lic"});
  CHECK(c.enable_unlimited_credits);

  // 1.6.6's enable_t2_unlimited asks EC2 for the same unlimited credits.
  std::string t2 = good;
  t2.replace(t2.find("\"t3.micro\""), 10, "\"t2.micro\"");
  t2.replace(t2.find("\"enable_unlimited_credits\""), 26, "\"enable_t2_unlimited\"");
  Session t2_session = session(t2);
  CHECK_NOTHROW(t2_session.prepare());
  Problems t2_problems;
  EbsConfig t2_config = decode_ebs_config(
      decode_config(t2_session.get_template().builders[0].config, ebs_schema(), ctx, "builders[0]", t2_problems),
      t2_problems, "amazon-ebs");
  CHECK(t2_problems.empty());
  CHECK(t2_config.enable_unlimited_credits);
}
