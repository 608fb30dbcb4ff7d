// A C++ host whose callbacks throw: kiln catches every exception at the C boundary, fails (or, for the
// event callback, cancels) the run with a clear error, and the process goes on. Payloads are freed once.
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "check.h"
#include "kiln.h"

namespace {

const char* kTemplate =
    R"({"builders": [{"type": "null", "communicator": "none", "name": "host"}],
        "provisioners": [{"type": "throwing", "where": "provision"}]})";

struct Plugin {
  std::string throw_in;  // "prepare", "provision" or ""
  int frees = 0;
};

int prepare(void* payload, const char*, kiln_plugin_ctx*) {
  if (static_cast<Plugin*>(payload)->throw_in == "prepare") throw std::runtime_error("host prepare boom");
  return KILN_OK;
}

int provision(void* payload, const char*, kiln_plugin_ctx*) {
  if (static_cast<Plugin*>(payload)->throw_in == "provision") throw std::runtime_error("host plugin boom");
  if (static_cast<Plugin*>(payload)->throw_in == "int") throw 42;
  return KILN_OK;
}

struct Events {
  bool throw_on_start = false;
  int delivered = 0, frees = 0;
};

void on_event(const kiln_event* ev, void* payload) {
  auto* e = static_cast<Events*>(payload);
  ++e->delivered;
  if (e->throw_on_start && ev->kind == KILN_EVENT_BUILD_START) throw std::runtime_error("host event boom");
}

void free_events(void* payload) { ++static_cast<Events*>(payload)->frees; }

kiln_registry* registry_with(Plugin& plugin) {
  kiln_registry* reg = nullptr;
  kiln_provisioner_vtable vt = KILN_PROVISIONER_VTABLE_INIT;
  vt.prepare = prepare;
  vt.provision = provision;
  vt.free_payload = [](void* p) { ++static_cast<Plugin*>(p)->frees; };
  CHECK(kiln_registry_new(&reg) == KILN_OK);
  CHECK(kiln_registry_add_provisioner(reg, "throwing", &vt, &plugin) == KILN_OK);
  // The same type again: taken.
  CHECK(kiln_registry_add_provisioner(reg, "throwing", &vt, &plugin) == KILN_EEXISTS);
  CHECK(kiln_last_error()->klass == KILN_ERROR_CLASS_INVALID);
  return reg;
}

struct Outcome {
  int rc;
  std::string error, build_error;  // kiln_last_error's message, the build's error
  int klass;
};

// Runs kTemplate with `plugin`; returns kiln_run_execute's status (or kiln_run_new's when it fails).
Outcome run(Plugin& plugin, Events& events) {
  kiln_registry* reg = registry_with(plugin);
  kiln_template* t = nullptr;
  kiln_run* r = nullptr;
  kiln_result* res = nullptr;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  opts.registry = reg;
  opts.on_event = on_event;
  opts.event_payload = &events;
  opts.free_event_payload = free_events;
  CHECK(kiln_template_parse(&t, kTemplate, "host.json") == KILN_OK);
  Outcome out{kiln_run_new(&r, t, &opts), "", "", 0};
  if (out.rc == KILN_OK) {
    out.rc = kiln_run_execute(r, &res);
    out.build_error = kiln_result_build_error(res, 0);
  }
  out.error = kiln_last_error()->message;
  out.klass = kiln_last_error()->klass;
  if (r) {
    CHECK(events.frees == 0);
    kiln_run_free(r);
    CHECK(events.frees == 1);
    int delivered = events.delivered;
    kiln_result_free(res);  // the result outlives the run: no event reaches the host from it
    CHECK(events.delivered == delivered);
  }
  kiln_template_free(t);
  kiln_registry_free(reg);
  CHECK(plugin.frees == 1);
  return out;
}

}  // namespace

int main() {
  {
    Plugin plugin{"provision"};
    Events events;
    Outcome out = run(plugin, events);
    CHECK(out.rc == KILN_EBUILD && out.klass == KILN_ERROR_CLASS_BUILD);
    CHECK(out.build_error.find("throwing provision: the callback threw: host plugin boom") != std::string::npos);
  }
  {
    Plugin plugin{"int"};
    Events events;
    Outcome out = run(plugin, events);
    CHECK(out.rc == KILN_EBUILD);
    CHECK(out.build_error.find("the callback threw: an exception that is not a std::exception") != std::string::npos);
  }
  {
    Plugin plugin{"prepare"};
    Events events;
    Outcome out = run(plugin, events);
    CHECK(out.rc == KILN_ECONFIG && out.klass == KILN_ERROR_CLASS_CONFIG);
    CHECK(out.error.find("throwing prepare: the callback threw: host prepare boom") != std::string::npos);
    CHECK(events.frees == 0);  // kiln_run_new failed: the payload stays the caller's
  }
  {
    Plugin plugin{""};
    Events events{true};
    Outcome out = run(plugin, events);
    CHECK(out.rc == KILN_EUSER && out.klass == KILN_ERROR_CLASS_PLUGIN);
    CHECK(out.error.find("the event callback threw: host event boom") != std::string::npos);
    CHECK(!out.build_error.empty());  // the run was cancelled
  }
  std::printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
