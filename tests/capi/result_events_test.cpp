// An amazon-ebs artifact reports its deregistration as events: once kiln_run_free has run (and freed
// the event payload), kiln_result_artifact_destroy must not reach the host's event callback.
// Runs against moto_server through the C API only.
#include <cstdio>
#include <string>

#include "../fixtures/moto/moto.hpp"
#include "check.h"
#include "kiln.h"

namespace {

struct Events {
  int delivered = 0, deregistering = 0, frees = 0;
};

void on_event(const kiln_event* ev, void* payload) {
  auto* e = static_cast<Events*>(payload);
  ++e->delivered;
  if (std::string(ev->message).find("Deregistering image ID") != std::string::npos) ++e->deregistering;
}

std::string ebs_template(const std::string& endpoint) {
  return R"({"builders": [{
    "type": "amazon-ebs", "access_key": "AKIDKILNCAPI", "secret_key": "kiln-capi-secret", "region": "us-east-1",
    "custom_endpoint_ec2": ")" + endpoint + R"(", "skip_region_validation": true,
    "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
                          "most_recent": true},
    "instance_type": "t2.micro", "ami_name": "kiln-capi-events", "communicator": "none",
    "aws_polling": {"delay_seconds": 1, "max_attempts": 10}}]})";
}

}  // namespace

int main() {
  kiln::test::Moto moto({"", {"AKIDKILNCAPI", "kiln-capi-secret", "", "test"}});
  Events events;
  kiln_template* t = nullptr;
  kiln_run* run = nullptr;
  kiln_result* res = nullptr;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  opts.on_event = on_event;
  opts.event_payload = &events;
  opts.free_event_payload = [](void* p) { ++static_cast<Events*>(p)->frees; };
  CHECK(kiln_template_parse(&t, ebs_template(moto.endpoint()).c_str(), "ebs.json") == KILN_OK);
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(kiln_result_artifact_count(res, 0) == 1);
  kiln_run_free(run);
  CHECK(events.frees == 1);
  int delivered = events.delivered;
  CHECK(delivered > 0);
  CHECK(kiln_result_artifact_destroy(res, 0, 0) == KILN_OK);  // deregisters the AMI, saying so to the run's bus
  CHECK(events.delivered == delivered);
  CHECK(events.deregistering == 0);
  CHECK(events.frees == 1);
  kiln_result_free(res);
  kiln_template_free(t);
  std::printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
