// Temporary key pair and security group.
#include <fmt/format.h>

#include <arpa/inet.h>

#include <chrono>

#include "builders/amazon/steps.hpp"
#include "builders/amazon/waiter.hpp"
#include "kiln/error.hpp"
#include "net/http.hpp"
#include "util/read_file.hpp"

namespace kiln::amazon {

using aws::QueryParams;
using aws::xml_text;

void step_key_pair(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (!c.ssh_private_key_file.empty()) {
    run.ui.say("Using existing SSH private key");
    try {
      run.state.private_key = read_input_file(c.ssh_private_key_file, "private key file");
    } catch (const Error& e) {
      throw Error(fmt::format("Error loading configured private key file: {}", e.what()), ErrorCode::Build);
    }
    run.state.key_pair_name = c.ssh_keypair_name;
    return;
  }
  if (!c.ssh_keypair_name.empty()) {
    run.ui.say(fmt::format("Using SSH Agent for existing key pair {}", c.ssh_keypair_name));
    run.state.key_pair_name = c.ssh_keypair_name;
    return;
  }
  // As Packer 1.6.6, a temporary key pair is made whatever the communicator, unless a password is set.
  if (c.temporary_key_pair_name.empty() && !c.ssh_password.empty()) {
    run.ui.say("Not using temporary keypair");
    return;
  }
  std::string name = c.temporary_key_pair_name.empty() ? temporary_name() : c.temporary_key_pair_name;
  run.ui.say(fmt::format("Creating temporary keypair: {}", name));
  // EC2 makes the key and returns its private half, as the plugin asks (CreateKeyPair with KeyType).
  QueryParams create;
  create.add("KeyName", name);
  if (!c.temporary_key_pair_type.empty()) create.add("KeyType", c.temporary_key_pair_type);
  // Not cancellable, as every call that creates something here: EC2 goes on with a request whose
  // client hung up, and only the answer lets the cleanup find what it made.
  auto doc = run.ec2.call("CreateKeyPair", create, CancelToken{});
  aws::Ec2Client& ec2 = run.ec2;
  Ui ui = run.ui;
  run.cleanup.push(fmt::format("temporary key pair {}", name), [&ec2, ui, name] {
    ui.say("Deleting temporary keypair...");
    ec2.call("DeleteKeyPair", QueryParams().add("KeyName", name), CancelToken{});
  });
  run.state.key_pair_name = name;
  if (!c.temporary_key_pair_type.empty()) run.state.key_type = c.temporary_key_pair_type;
  run.state.private_key = xml_text(doc->document_element(), {"keyMaterial"});
  if (auto bus = run.ui.bus(); bus && !run.state.private_key.empty()) bus->add_secret(run.state.private_key);
}

void step_cleanup_temp_keys(EbsRun& run, Communicator& comm) {
  if (!run.config.ssh_clear_authorized_keys || run.state.private_key.empty()) return;
  run.ui.say("Trying to remove ephemeral keys from authorized_keys files");
  const std::string& name = run.state.key_pair_name;
  // EC2 writes the key as "ssh-rsa <key> <key pair name>" (ssh-ed25519 for ed25519 pairs). Failures
  // only leave the line behind.
  std::string type = "ssh-" + run.state.key_type;
  for (const auto& command :
       {fmt::format("sed -i.bak '/{}.*{}$/d' ~/.ssh/authorized_keys; rm ~/.ssh/authorized_keys.bak", type, name),
        fmt::format("sudo sed -i.bak '/{}.*{}$/d' /root/.ssh/authorized_keys; sudo rm /root/.ssh/authorized_keys.bak",
                    type, name)})
    comm.exec(command, run.ui.output_lines(), run.cancel);
}

namespace {

// temporary_security_group_source_public_ip: this host's address as the plugin finds it (checkip),
// as a /32 (or /128) CIDR.
std::string public_ip_cidr(EbsRun& run) {
  run.ui.say("Checking current host's public IP...");
  net::Request req;
  req.url = run.config.check_ip_url;
  req.timeout = std::chrono::seconds(30);
  req.environment = run.interp.environment.get();
  net::Response res;
  try {
    res = net::perform(req, run.cancel);
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(fmt::format("failed to get current host's public ip: GET failed: {}", e.what()), ErrorCode::Build);
  }
  if (res.status != 200)
    throw Error(fmt::format("failed to get current host's public ip: received status {}", res.status), ErrorCode::Build);
  std::string ip = res.body;
  ip.erase(0, ip.find_first_not_of(" \t\r\n"));
  ip.erase(ip.find_last_not_of(" \t\r\n") + 1);
  unsigned char buf[16];
  bool v4 = inet_pton(AF_INET, ip.c_str(), buf) == 1;
  if (!v4 && inet_pton(AF_INET6, ip.c_str(), buf) != 1)
    throw Error(fmt::format("failed to get current host's public ip: failed to parse response body: {}", ip),
                ErrorCode::Build);
  if (ip == "0.0.0.0" || ip == "::")
    throw Error(fmt::format("Current host's public IP is unspecified: {}", ip), ErrorCode::Build);
  run.ui.say(fmt::format("Current host's public IP: {}", ip));
  return fmt::format("{}/{}", ip, v4 ? 32 : 128);
}

}  // namespace

void step_security_group(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (!c.security_group_ids.empty()) {
    std::string joined;
    for (const auto& id : c.security_group_ids) joined += (joined.empty() ? "" : ", ") + id;
    run.ui.message(fmt::format("Found Security Group(s): {}", joined));
    run.state.security_group_ids = c.security_group_ids;
    return;
  }
  std::string name = temporary_name();
  run.ui.say(fmt::format("Creating temporary security group for this instance: {}", name));
  QueryParams q;
  q.add("GroupName", name).add("GroupDescription", "Temporary group for Packer");
  if (!c.vpc_id.empty()) q.add("VpcId", c.vpc_id);
  auto doc = run.ec2.call("CreateSecurityGroup", q, CancelToken{});  // as CreateKeyPair
  std::string id = xml_text(doc->document_element(), {"groupId"});
  aws::Ec2Client& ec2 = run.ec2;
  Ui ui = run.ui;
  run.cleanup.push(fmt::format("temporary security group {}", id), [&ec2, ui, id] {
    ui.say("Deleting temporary security group...");
    // The instance's network interface may still hold the group for a while after termination.
    for (int attempt = 1;; ++attempt) {
      try {
        ec2.call("DeleteSecurityGroup", QueryParams().add("GroupId", id), CancelToken{});
        return;
      } catch (const aws::AwsError& e) {
        if (e.aws_code() != "DependencyViolation" || attempt >= 30) throw;
      }
      CancelToken().wait_for(std::chrono::seconds(2));  // cleanup runs even after a cancel
    }
  });
  run.state.security_group_ids = {id};

  // The group must be visible before rules can be added to it (eventual consistency).
  wait_until({fmt::format("security group {}", id), "exists", {}, 5, 40}, c.polling, run.cancel, [&] {
    try {
      auto found = run.ec2.call("DescribeSecurityGroups", QueryParams().add_list("GroupId", {id}));
      return std::string(found->document_element().child("securityGroupInfo").child("item") ? "exists" : "");
    } catch (const aws::AwsError& e) {
      if (e.aws_code() == "InvalidGroup.NotFound") return std::string();
      throw;
    }
  });

  int port = c.communicator == "none" ? 0 : c.ssh_port;  // Packer's Port() is 0 for "none"
  std::vector<std::string> cidrs = c.temporary_security_group_source_cidrs;
  if (!cidrs.empty() && c.temporary_security_group_source_public_ip)
    run.ui.say("Using temporary_security_group_source_public_ip with temporary_security_group_source_cidrs is "
               "unsupported, ignoring temporary_security_group_source_public_ip.");
  if (cidrs.empty() && c.temporary_security_group_source_public_ip) cidrs = {public_ip_cidr(run)};
  if (cidrs.empty()) cidrs = {"0.0.0.0/0"};
  QueryParams ingress;
  ingress.add("GroupId", id);
  ingress.add("IpPermissions.1.IpProtocol", "tcp");
  ingress.add("IpPermissions.1.FromPort", std::to_string(port));
  ingress.add("IpPermissions.1.ToPort", std::to_string(port));
  // IPv6 ranges go apart, as the plugin sends them (a public IPv6 address, or an IPv6 CIDR).
  int v4 = 0, v6 = 0;
  for (const auto& cidr : cidrs) {
    if (cidr.find(':') == std::string::npos)
      ingress.add(fmt::format("IpPermissions.1.IpRanges.{}.CidrIp", ++v4), cidr);
    else
      ingress.add(fmt::format("IpPermissions.1.Ipv6Ranges.{}.CidrIpv6", ++v6), cidr);
  }
  std::string joined;
  for (const auto& cidr : cidrs) joined += (joined.empty() ? "" : " ") + cidr;
  run.ui.say(fmt::format("Authorizing access to port {} from [{}] in the temporary security groups...", port, joined));
  run.ec2.call("AuthorizeSecurityGroupIngress", ingress);
}

}  // namespace kiln::amazon
