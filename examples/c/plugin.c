/* A provisioner written in C ("c-stamp"), used from a JSON template like a built-in one.
 * Builds running in parallel call a plugin concurrently, so its shared counter is atomic (C11). */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "kiln.h"

static int stamp(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  char line[512];
  int n = atomic_fetch_add((atomic_int *)payload, 1) + 1;
  snprintf(line, sizeof line, "c-stamp #%d for %s with %s", n, kiln_plugin_build_name(ctx), config_json);
  return kiln_plugin_say(ctx, line);
}

static const char *kTemplate =
    "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\", \"name\": \"demo\"}],"
    " \"provisioners\": [{\"type\": \"c-stamp\", \"label\": \"{{build_name}}\"}]}";

static void print_say(const kiln_event *ev, void *payload) {
  (void)payload;
  if (ev->kind == KILN_EVENT_SAY && strstr(ev->message, "c-stamp")) printf("%s\n", ev->message);
}

int main(void) {
  atomic_int calls = 0;
  kiln_registry *reg = NULL;
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  kiln_provisioner_vtable vt = KILN_PROVISIONER_VTABLE_INIT;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  int rc;
  vt.provision = stamp;
  opts.on_event = print_say;
  if (kiln_registry_new(&reg) || kiln_registry_add_provisioner(reg, "c-stamp", &vt, &calls) ||
      kiln_template_parse(&t, kTemplate, "plugin.json")) {
    fprintf(stderr, "error: %s\n", kiln_last_error()->message);
    return 1;
  }
  opts.registry = reg;
  rc = kiln_run_new(&run, t, &opts);
  if (rc == KILN_OK) rc = kiln_run_execute(run, &res);
  if (rc == KILN_OK) printf("artifact: %s (provisioner ran %d time)\n", kiln_result_artifact_id(res, 0, 0), atomic_load(&calls));
  else fprintf(stderr, "error: %s\n", kiln_last_error()->message);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
  kiln_registry_free(reg);
  return rc == KILN_OK && atomic_load(&calls) == 1 ? 0 : 1;
}
