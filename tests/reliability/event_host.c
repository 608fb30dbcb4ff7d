/* A C host for the cancel matrix and the secrets scan: runs a template and calls kiln_run_cancel when it sees the K-th
 * step event (a build's "say" line other than its "Build '…' finished/errored" summary).
 *   event_host TEMPLATE K cleanup|abort [NAME=VALUE…]
 * Prints every event as "kind<TAB>build<TAB>message" and, last, "status=N" (kiln_run_execute's
 * return). K = 0 never cancels. Exits 0 when it got that far, 2 on a usage or setup error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

struct host {
  kiln_run *run;
  long cancel_at;
  long steps;
};

static int is_step(const kiln_event *e) {
  return e->kind == KILN_EVENT_SAY && e->build[0] != '\0' && strncmp(e->message, "Build '", 7) != 0;
}

static void on_event(const kiln_event *e, void *payload) {
  struct host *h = payload;
  printf("%d\t%s\t%s\n", e->kind, e->build, e->message);
  fflush(stdout);
  if (!is_step(e)) return;
  if (++h->steps == h->cancel_at && h->run) kiln_run_cancel(h->run);
}

int main(int argc, char **argv) {
  struct host h = {NULL, 0, 0};
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  kiln_template *t = NULL;
  kiln_result *res = NULL;
  int status;
  if (argc < 4) {
    fprintf(stderr, "usage: event_host TEMPLATE K cleanup|abort [NAME=VALUE...]\n");
    return 2;
  }
  h.cancel_at = strtol(argv[2], NULL, 10);
  opts.on_error = strcmp(argv[3], "abort") == 0 ? KILN_ON_ERROR_ABORT : KILN_ON_ERROR_CLEANUP;
  opts.vars = (const char *const *)argv + 4;
  opts.var_count = (size_t)(argc - 4);
  opts.on_event = on_event;
  opts.event_payload = &h;
  if (kiln_template_load(&t, argv[1]) != KILN_OK || kiln_run_new(&h.run, t, &opts) != KILN_OK) {
    fprintf(stderr, "event_host: %s\n", kiln_last_error()->message);
    kiln_template_free(t);
    return 2;
  }
  status = kiln_run_execute(h.run, &res);
  printf("status=%d\n", status);
  kiln_result_free(res);
  kiln_run_free(h.run);
  kiln_template_free(t);
  return 0;
}
