#include "builders/amazon/connect.hpp"

#include "builders/amazon/steps.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

using aws::xml_text;

std::unique_ptr<Communicator> connect_ssh(EbsRun& run) {
  CommSettings settings = run.config.comm;
  settings.ssh.host = run.state.host;
  if (settings.ssh.private_key_file.empty() && settings.ssh.password.empty()) settings.ssh.private_key = run.state.private_key;
  RunContext ctx;
  ctx.ui = run.ui;
  ctx.cancel = run.cancel;
  return connect_communicator(settings, ctx);
}

Instance instance_from_xml(pugi::xml_node item) {
  Instance i;
  i.id = xml_text(item, {"instanceId"});
  i.vpc_id = xml_text(item, {"vpcId"});
  i.public_ip = xml_text(item, {"ipAddress"});
  i.private_ip = xml_text(item, {"privateIpAddress"});
  i.public_dns = xml_text(item, {"dnsName"});
  i.private_dns = xml_text(item, {"privateDnsName"});
  i.architecture = xml_text(item, {"architecture"});
  i.spot_instance_request_id = xml_text(item, {"spotInstanceRequestId"});
  return i;
}

std::string pick_address(const std::string& ssh_interface, const Instance& i) {
  if (ssh_interface == "public_ip") return i.public_ip;
  if (ssh_interface == "private_ip") return i.private_ip;
  if (ssh_interface == "public_dns") return i.public_dns;
  if (ssh_interface == "private_dns") return i.private_dns;
  if (!i.vpc_id.empty()) return !i.public_ip.empty() ? i.public_ip : i.private_ip;
  return i.public_dns;
}

std::string instance_address(EbsRun& run) {
  if (!run.config.ssh_host.empty()) return run.config.ssh_host;
  constexpr int kDescribesMore = 2;
  for (int attempt = 0;; ++attempt) {
    std::string address = pick_address(run.config.ssh_interface, run.state.instance);
    if (!address.empty()) return address;
    if (attempt == kDescribesMore) throw Error("couldn't determine address for instance", ErrorCode::Build);
    auto doc = run.ec2.call("DescribeInstances", aws::QueryParams().add_list("InstanceId", {run.state.instance.id}),
                            run.cancel);
    auto item = doc->document_element().child("reservationSet").child("item").child("instancesSet").child("item");
    if (!item) throw Error("instance not found: " + run.state.instance.id, ErrorCode::Build);
    run.state.instance = instance_from_xml(item);
    if (!run.cancel.wait_for(std::chrono::seconds(1))) throw Cancelled();
  }
}

}  // namespace kiln::amazon
