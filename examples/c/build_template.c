/* Runs a template's builds from C and prints each artifact id.
   usage: build_template TEMPLATE [key=value ...] */
#include <stdio.h>

#include "kiln.h"

static void on_event(const kiln_event *ev, void *payload) {
  (void)payload;
  if (ev->kind == KILN_EVENT_SAY || ev->kind == KILN_EVENT_MESSAGE) printf("  [%s] %s\n", ev->build, ev->message);
}

int main(int argc, char **argv) {
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  size_t b, a;
  int rc;
  if (argc < 2) {
    fprintf(stderr, "usage: %s TEMPLATE [key=value ...]\n", argv[0]);
    return 2;
  }
  opts.vars = (const char *const *)(argv + 2);
  opts.var_count = (size_t)(argc - 2);
  opts.on_event = on_event;
  if (kiln_template_load(&t, argv[1]) != KILN_OK || kiln_run_new(&run, t, &opts) != KILN_OK) {
    fprintf(stderr, "error: %s\n", kiln_last_error()->message);
    kiln_template_free(t);
    return 1;
  }
  rc = kiln_run_execute(run, &res);
  for (b = 0; b < kiln_result_build_count(res); ++b)
    for (a = 0; a < kiln_result_artifact_count(res, b); ++a)
      printf("artifact %s: %s\n", kiln_result_build_name(res, b), kiln_result_artifact_id(res, b, a));
  if (rc != KILN_OK) fprintf(stderr, "error: %s\n", kiln_last_error()->message);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
  return rc == KILN_OK ? 0 : 1;
}
