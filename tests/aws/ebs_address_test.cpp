// Which instance address amazon-ebs connects to (Packer's SSHHost rules), for every ssh_interface,
// in the default VPC (no subnet_id), in a subnet without and with a public IP, against moto; and
// outside a VPC, which moto (like EC2 today) cannot launch, on the rule alone.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <sstream>

#include "../fixtures/moto/moto.hpp"
#include "builders/amazon/clients.hpp"
#include "builders/amazon/connect.hpp"
#include "builders/amazon/steps.hpp"

using namespace kiln;
using namespace kiln::amazon;

namespace {

struct Launch {
  std::string host;   // what amazon-ebs would connect to, or the error
  std::string error;
  rapidjson::Document described;  // moto's view of the instance (check.py state)
};

// Runs amazon-ebs's steps up to the instance and asks for its address; everything is cleaned up.
Launch launch(test::Moto& moto, EbsConfig c) {
  c.region = "us-east-1";
  c.ami_name = "kiln-address";
  c.instance_type = "t2.micro";
  c.source_ami_filter.filters = {{"name", {"Windows_Server-2016-English-Nano-Base-*"}}};
  c.source_ami_filter.owners = {"amazon"};
  c.polling = {1, 10};
  aws::Ec2Options o;
  o.region = c.region;
  o.endpoint = moto.endpoint();
  o.credentials = moto.credentials();
  Ec2Clients clients(o);
  Launch out;
  Ui ui;
  CleanupStack cleanup(ui);
  EbsRun run{c, clients.get(c.region), [&](const std::string& r) -> aws::Ec2Client& { return clients.get(r); },
             cleanup, ui, CancelToken{}, {}, nullptr, {}};
  step_source_ami_info(run);
  step_key_pair(run);
  step_security_group(run);
  step_run_source_instance(run);
  try {
    out.host = instance_address(run);
  } catch (const Error& e) {
    out.error = e.what();
  }
  out.described.Parse(moto.check({"state"}).c_str());
  for (auto& inst : out.described["instances"].GetArray())
    if (inst["id"].GetString() == run.state.instance.id) {
      rapidjson::Document one;
      one.CopyFrom(inst, one.GetAllocator());
      out.described.Swap(one);
      break;
    }
  return out;
}

std::string field(const Launch& l, const char* name) { return l.described[name].GetString(); }

}  // namespace

TEST_CASE("amazon-ebs address: the default VPC (no subnet_id) has public and private addresses") {
  test::Moto moto;
  EbsConfig c;
  Launch unset = launch(moto, c);
  REQUIRE(!field(unset, "vpc").empty());
  REQUIRE(!field(unset, "public_ip").empty());
  CHECK(unset.host == field(unset, "public_ip"));  // in a VPC, unset: the public IP first
  for (const char* interface : {"public_ip", "private_ip", "public_dns", "private_dns"}) {
    CAPTURE(interface);
    c.ssh_interface = interface;
    Launch l = launch(moto, c);
    REQUIRE(!field(l, interface).empty());
    CHECK(l.host == field(l, interface));
  }
  c.ssh_host = "10.1.2.3";  // ssh_host wins over everything
  CHECK(launch(moto, c).host == "10.1.2.3");
}

TEST_CASE("amazon-ebs address: a subnet without public IPs, then with associate_public_ip_address") {
  test::Moto moto;
  std::istringstream ids(moto.check({"create-subnet"}));
  EbsConfig c;
  ids >> c.vpc_id >> c.subnet_id;
  Launch private_only = launch(moto, c);
  CHECK(field(private_only, "vpc") == c.vpc_id);
  CHECK(field(private_only, "public_ip").empty());
  CHECK(private_only.host == field(private_only, "private_ip"));  // no public IP: the private one
  c.ssh_interface = "private_dns";
  Launch dns = launch(moto, c);
  CHECK(dns.host == field(dns, "private_dns"));

  // Asked for an address the instance does not have: described twice more, then Packer's error.
  c.ssh_interface = "public_ip";
  auto before = moto.actions().size();
  Launch none = launch(moto, c);
  CHECK(none.error == "couldn't determine address for instance");
  auto actions = moto.actions();
  CHECK(std::count(actions.begin() + static_cast<long>(before), actions.end(), "DescribeInstances") >= 3);

  c.ssh_interface.clear();
  c.associate_public_ip_address = true;
  Launch public_ip = launch(moto, c);
  REQUIRE(!field(public_ip, "public_ip").empty());
  CHECK(public_ip.host == field(public_ip, "public_ip"));
}

TEST_CASE("amazon-ebs address outside a VPC: the public DNS name only, as Packer") {
  Instance classic;
  classic.public_ip = "54.0.0.1";
  classic.private_ip = "10.0.0.1";
  classic.private_dns = "ip-10-0-0-1.ec2.internal";
  CHECK(pick_address("", classic).empty());  // Packer waits for a public DNS name; no private fallback
  classic.public_dns = "ec2-54-0-0-1.compute-1.amazonaws.com";
  CHECK(pick_address("", classic) == classic.public_dns);
  CHECK(pick_address("public_ip", classic) == "54.0.0.1");
  CHECK(pick_address("private_ip", classic) == "10.0.0.1");
  CHECK(pick_address("private_dns", classic) == classic.private_dns);
  Instance in_vpc = classic;
  in_vpc.vpc_id = "vpc-1";
  CHECK(pick_address("", in_vpc) == "54.0.0.1");
  in_vpc.public_ip.clear();
  CHECK(pick_address("", in_vpc) == "10.0.0.1");
}
