/* Lifetimes of strings the C API returns: result accessors hand out the same pointer on every call (no copy
 * per call), many threads may read one result at once, and plugin-input strings each keep their own storage. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "kiln.h"

static int failures = 0;
#define CHECK(cond)                                                 \
  do {                                                              \
    if (!(cond)) {                                                  \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      failures++;                                                   \
    }                                                               \
  } while (0)

enum { kThreads = 4, kReads = 100000 };

static int builder_run(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  const char *files[2] = {"/nonexistent/first-file", "/nonexistent/second-file"};
  (void)payload;
  (void)config_json;
  return kiln_plugin_set_artifact(ctx, "machine-1", files, 2, 0);
}

/* Reads the input's id and both files, then checks the earlier strings survived the later calls. */
static int pp_process(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  int *intact = payload;
  const char *id = kiln_plugin_input_id(ctx);
  const char *first = kiln_plugin_input_file(ctx, 0);
  const char *second = kiln_plugin_input_file(ctx, 1);
  (void)config_json;
  *intact = id && first && second && strcmp(id, "machine-1") == 0 && strcmp(first, "/nonexistent/first-file") == 0 &&
            strcmp(second, "/nonexistent/second-file") == 0 && kiln_plugin_input_id(ctx) == id &&
            kiln_plugin_input_file(ctx, 0) == first;
  return KILN_OK;
}

static void *read_result(void *arg) {
  const kiln_result *res = arg;
  long bad = 0, i;
  for (i = 0; i < kReads; ++i) {
    const char *id = kiln_result_artifact_id(res, 0, 0), *file = kiln_result_artifact_file(res, 0, 0, 1);
    const char *builder = kiln_result_artifact_builder_id(res, 0, 0), *desc = kiln_result_artifact_description(res, 0, 0);
    if (!id || !file || !builder || !desc || strcmp(id, "machine-1") != 0 || strcmp(file, "/nonexistent/second-file") != 0 ||
        strcmp(builder, "kiln.c-plugin.machine") != 0)
      bad++;
  }
  return (void *)bad;
}

int main(void) {
  kiln_registry *reg = NULL;
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  int intact = 0, i;
  pthread_t threads[kThreads];
  kiln_builder_vtable bv = KILN_BUILDER_VTABLE_INIT;
  kiln_post_processor_vtable ppv = KILN_POST_PROCESSOR_VTABLE_INIT;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  const char *id, *file, *desc;

  bv.run = builder_run;
  ppv.post_process = pp_process;
  CHECK(kiln_registry_new(&reg) == KILN_OK);
  CHECK(kiln_registry_add_builder(reg, "machine", &bv, NULL) == KILN_OK);
  CHECK(kiln_registry_add_post_processor(reg, "check-input", &ppv, &intact) == KILN_OK);
  opts.registry = reg;
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"machine\"}], \"post-processors\": [\"check-input\"]}", NULL) ==
        KILN_OK);
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(intact);
  CHECK(kiln_result_artifact_count(res, 0) >= 1);

  /* The same pointer on every call proves no call stores a fresh copy in the result. */
  id = kiln_result_artifact_id(res, 0, 0);
  file = kiln_result_artifact_file(res, 0, 0, 0);
  desc = kiln_result_artifact_description(res, 0, 0);
  CHECK(id && strcmp(id, "machine-1") == 0);
  for (i = 0; i < 1000; ++i) {
    CHECK(kiln_result_artifact_id(res, 0, 0) == id);
    CHECK(kiln_result_artifact_file(res, 0, 0, 0) == file);
    CHECK(kiln_result_artifact_description(res, 0, 0) == desc);
    if (failures) break;
  }

  for (i = 0; i < kThreads; ++i) CHECK(pthread_create(&threads[i], NULL, read_result, res) == 0);
  for (i = 0; i < kThreads; ++i) {
    void *bad = NULL;
    CHECK(pthread_join(threads[i], &bad) == 0);
    CHECK(bad == NULL);
  }

  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
  kiln_registry_free(reg);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
