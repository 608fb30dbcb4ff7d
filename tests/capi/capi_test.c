/* The C API from C99: templates, runs, events, cancellation, plugins, errors. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiln.h"

static int failures = 0, checks = 0;
#define CHECK(cond)                                                          \
  do {                                                                       \
    ++checks;                                                                \
    if (!(cond)) {                                                           \
      ++failures;                                                            \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
              kiln_last_error()->message);                                   \
    }                                                                        \
  } while (0)

struct events {
  int count, build_starts, saw_hello;
  char first_kind_sequence[64];
};

static void on_event(const kiln_event *ev, void *payload) {
  struct events *e = payload;
  if (e->count < 63) e->first_kind_sequence[e->count] = (char)('0' + ev->kind);
  e->count++;
  if (ev->kind == KILN_EVENT_BUILD_START) e->build_starts++;
  if (strstr(ev->message, "hello-from-shell")) e->saw_hello = 1;
}

static void test_errors(void) {
  kiln_template *t = NULL;
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"null\",}", "bad.json") == KILN_ETEMPLATE);
  CHECK(t == NULL);
  CHECK(strstr(kiln_last_error()->message, "bad.json:1:") != NULL);
  CHECK(kiln_template_parse(NULL, "{}", NULL) == KILN_EINVALID);
  CHECK(kiln_template_parse(&t, NULL, NULL) == KILN_EINVALID);
  CHECK(strstr(kiln_last_error()->message, "text") != NULL);
  CHECK(kiln_template_load(&t, "/nonexistent/template.json") == KILN_ENOTFOUND);
  kiln_template_free(NULL); /* NULL-safe */
  kiln_error_clear();
  CHECK(kiln_last_error()->code == KILN_OK);
  {
    kiln_run_options opts;
    CHECK(kiln_run_options_init(&opts, 99) == KILN_EVERSION);
  }
}

static const char *kTemplate =
    "{\"variables\": {\"who\": \"world\", \"pw\": \"hunter2\", \"need\": null}, \"sensitive-variables\": [\"pw\"],"
    " \"builders\": [{\"type\": \"null\", \"communicator\": \"none\", \"name\": \"one\"},"
    "                {\"type\": \"file\", \"content\": \"x\", \"target\": \"CAPI_TARGET\", \"name\": \"two\"}],"
    " \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [\"echo hello-from-shell-{{user `who`}} {{user `pw`}}\"]}]}";

/* kiln_template_fix: packer fix's output and messages (tests/cli/fix_test.py compares them with Packer). */
static void test_fix(void) {
  char *out = NULL;
  CHECK(kiln_template_fix(&out, "{\"builders\": [{\"type\": \"vmware\", \"ssh_key_path\": \"k\", \"n\": \"<&>\"}]}", 1) == KILN_OK);
  CHECK(out && strcmp(out, "{\n  \"builders\": [\n    {\n      \"n\": \"<\\u0026>\",\n      \"ssh_private_key_file\": \"k\",\n"
                           "      \"type\": \"vmware-iso\"\n    }\n  ]\n}\n") == 0);
  kiln_free(out);
  CHECK(kiln_template_fix(&out, "{\"hello\": 1}", 1) == KILN_ETEMPLATE);
  CHECK(out == NULL);
  CHECK(strstr(kiln_last_error()->message, "Error! Fixed template fails to parse: 1 error occurred:") != NULL);
  CHECK(kiln_template_fix(&out, "{\"hello\": 1}", 0) == KILN_OK);
  CHECK(out && strcmp(out, "{\n  \"builders\": null,\n  \"hello\": 1\n}\n") == 0);
  kiln_free(out);
  CHECK(kiln_template_fix(&out, "{\"builders\": \"x\"}", 0) == KILN_ETEMPLATE);
  CHECK(strstr(kiln_last_error()->message, "Error fixing: 1 error(s) decoding:") != NULL);
  CHECK(kiln_template_fix(&out, "[", 0) == KILN_ETEMPLATE);
  CHECK(strcmp(kiln_last_error()->message, "Error parsing template: unexpected EOF") == 0);
  CHECK(kiln_template_fix(&out, NULL, 0) == KILN_EINVALID);
  CHECK(kiln_template_fix(NULL, "{}", 0) == KILN_EINVALID);
}

static void test_run(const char *dir) {
  char target[512], text[2048];
  const char *p;
  char *out = NULL;
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  struct events ev;
  const char *vars[] = {"need=1", "who=kiln"};
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  size_t i;

  snprintf(target, sizeof target, "%s/capi-file.txt", dir);
  p = strstr(kTemplate, "CAPI_TARGET");
  snprintf(text, sizeof text, "%.*s%s%s", (int)(p - kTemplate), kTemplate, target, p + strlen("CAPI_TARGET"));
  CHECK(kiln_template_parse(&t, text, "t.json") == KILN_OK);
  CHECK(kiln_template_variable_count(t) == 3);
  for (i = 0; i < kiln_template_variable_count(t); ++i) {
    if (strcmp(kiln_template_variable_name(t, i), "pw") == 0) CHECK(strcmp(kiln_template_variable_default(t, i), "<sensitive>") == 0);
    if (strcmp(kiln_template_variable_name(t, i), "need") == 0) CHECK(kiln_template_variable_default(t, i) == NULL);
  }
  CHECK(kiln_template_build_count(t) == 2);
  CHECK(strcmp(kiln_template_build_type(t, 1), "file") == 0);

  /* A missing required variable is a template error. */
  CHECK(kiln_run_new(&run, t, &opts) == KILN_ETEMPLATE);
  CHECK(strstr(kiln_last_error()->message, "need") != NULL);

  memset(&ev, 0, sizeof ev);
  opts.vars = vars;
  opts.var_count = 2;
  opts.on_event = on_event;
  opts.event_payload = &ev;
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_build_count(run) == 2);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(ev.build_starts == 2);
  CHECK(ev.saw_hello);
  CHECK(kiln_result_build_count(res) == 2);
  for (i = 0; i < kiln_result_build_count(res); ++i) {
    CHECK(kiln_result_build_ok(res, i));
    CHECK(kiln_result_artifact_count(res, i) == 1);
    if (strcmp(kiln_result_build_name(res, i), "two") == 0) {
      CHECK(strcmp(kiln_result_artifact_id(res, i, 0), "File") == 0);
      CHECK(strcmp(kiln_result_artifact_builder_id(res, i, 0), "packer.file") == 0);
      CHECK(kiln_result_artifact_file_count(res, i, 0) == 1);
      CHECK(strcmp(kiln_result_artifact_file(res, i, 0, 0), target) == 0);
    }
  }
  CHECK(kiln_result_manifest_json(res, &out) == KILN_OK);
  CHECK(out && strstr(out, "\"artifact_id\": \"File\"") && strstr(out, "\"last_run_uuid\""));
  CHECK(out && strstr(out, "hunter2") == NULL);
  kiln_free(out);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
}

struct progress {
  int count, increasing;
  uint64_t done, total;
};

static void on_progress(const kiln_event *ev, void *payload) {
  struct progress *p = payload;
  if (ev->kind != KILN_EVENT_PROGRESS || strcmp(ev->message, "compressing") != 0) return;
  if (p->count > 0 && ev->done <= p->done) p->increasing = 0;
  p->count++;
  p->done = ev->done;
  p->total = ev->total;
}

/* The callback sees a compress post-processor's progress: bytes done rising to the file's size. */
static void test_progress(const char *dir) {
  char source[512], text[2048];
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  struct progress p = {0, 1, 0, 0};
  const uint64_t size = 4u << 20;
  uint64_t i;
  FILE *f;

  snprintf(source, sizeof source, "%s/capi-progress.bin", dir);
  snprintf(text, sizeof text, "%s.copy", source);
  remove(text); /* outputs of an earlier run */
  snprintf(text, sizeof text, "%s.gz", source);
  remove(text);
  f = fopen(source, "wb");
  CHECK(f != NULL);
  if (!f) return;
  for (i = 0; i < size; ++i) fputc((int)(i * 2654435761u >> 13) & 0xff, f);
  fclose(f);
  snprintf(text, sizeof text,
           "{\"builders\": [{\"type\": \"file\", \"source\": \"%s\", \"target\": \"%s.copy\"}],"
           " \"post-processors\": [{\"type\": \"compress\", \"output\": \"%s.gz\"}]}",
           source, source, source);
  CHECK(kiln_template_parse(&t, text, "progress.json") == KILN_OK);
  opts.on_event = on_progress;
  opts.event_payload = &p;
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(p.count >= 1);
  CHECK(p.increasing);
  CHECK(p.done == size && p.total == size);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
}

struct cancel_when {
  kiln_run *run;
  const char *marker; /* the provisioner's command creates it once it runs */
};

static void *cancel_when_started(void *arg) {
  struct cancel_when *c = arg;
  struct timespec tick = {0, 10 * 1000 * 1000};
  int i;
  for (i = 0; i < 3000 && access(c->marker, F_OK) != 0; ++i) nanosleep(&tick, NULL); /* at most 30 s */
  kiln_run_cancel(c->run);
  return NULL;
}

static void test_cancel(const char *dir) {
  kiln_template *t = NULL;
  kiln_result *res = NULL;
  pthread_t thread;
  char marker[512], json[1024];
  struct cancel_when cancel = {NULL, marker};
  time_t started = time(NULL);
  snprintf(marker, sizeof marker, "%s/capi-cancel-started", dir);
  snprintf(json, sizeof json,
           "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
           " \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [\"touch %s\", \"sleep 60\"]}]}",
           marker);
  CHECK(kiln_template_parse(&t, json, NULL) == KILN_OK);
  CHECK(kiln_run_new(&cancel.run, t, NULL) == KILN_OK);
  pthread_create(&thread, NULL, cancel_when_started, &cancel);
  CHECK(kiln_run_execute(cancel.run, &res) == KILN_ECANCELLED);
  pthread_join(thread, NULL);
  CHECK(access(marker, F_OK) == 0);
  CHECK(time(NULL) - started < 30);
  CHECK(res != NULL && kiln_result_build_ok(res, 0) == 0);
  remove(marker);
  kiln_result_free(res);
  kiln_run_free(cancel.run);
  kiln_template_free(t);
}

/* A provisioner and a post-processor written in C. */
static int freed = 0;
static int prov_prepare(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  (void)payload;
  if (strstr(config_json, "\"greeting\"") == NULL) {
    kiln_plugin_set_error(ctx, "greeting is required");
    return KILN_ECONFIG;
  }
  return KILN_OK;
}
static int prov_provision(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  (*(int *)payload)++;
  kiln_plugin_say(ctx, config_json);
  if (strstr(config_json, "fail")) {
    kiln_plugin_set_error(ctx, "the C provisioner was told to fail");
    return KILN_EUSER;
  }
  return KILN_OK;
}
static int pp_process(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  const char *files[1];
  (void)payload;
  (void)config_json;
  files[0] = kiln_plugin_input_file_count(ctx) ? kiln_plugin_input_file(ctx, 0) : "none";
  return kiln_plugin_set_artifact(ctx, "c-artifact", files, 1, 1);
}
static void free_payload(void *payload) {
  (void)payload;
  freed++;
}

static int builder_run(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  const char *files[1] = {"none"};
  (void)config_json;
  *(int *)payload += 1;
  if (kiln_plugin_provision(ctx) != KILN_OK) return KILN_EUSER; /* the provisioner's error is already recorded */
  return kiln_plugin_set_artifact(ctx, "c-machine-1", files, 0, 0);
}

static void test_builder_plugin(void) {
  kiln_registry *reg = NULL;
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  int runs = 0;
  struct events ev;
  kiln_builder_vtable bv = KILN_BUILDER_VTABLE_INIT;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  bv.run = builder_run;
  memset(&ev, 0, sizeof ev);
  CHECK(kiln_registry_new(&reg) == KILN_OK);
  CHECK(kiln_registry_add_builder(reg, "c-machine", &bv, &runs) == KILN_OK);
  opts.registry = reg;
  opts.on_event = on_event;
  opts.event_payload = &ev;
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"c-machine\", \"size\": 2}],"
                                " \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [\"echo hello-from-shell\"]}]}",
                            NULL) == KILN_OK);
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(runs == 1);
  CHECK(ev.saw_hello);
  CHECK(kiln_result_artifact_count(res, 0) == 1 && strcmp(kiln_result_artifact_id(res, 0, 0), "c-machine-1") == 0);
  CHECK(strcmp(kiln_result_artifact_builder_id(res, 0, 0), "kiln.c-plugin.c-machine") == 0);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
  kiln_registry_free(reg);
}

static void test_plugins(void) {
  kiln_registry *reg = NULL;
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  int calls = 0;
  kiln_provisioner_vtable pv = KILN_PROVISIONER_VTABLE_INIT;
  kiln_post_processor_vtable ppv = KILN_POST_PROCESSOR_VTABLE_INIT;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  pv.prepare = prov_prepare;
  pv.provision = prov_provision;
  pv.free_payload = free_payload;
  ppv.post_process = pp_process;
  CHECK(kiln_registry_new(&reg) == KILN_OK);
  CHECK(kiln_registry_add_provisioner(reg, "c-greeter", &pv, &calls) == KILN_OK);
  CHECK(kiln_registry_add_provisioner(reg, "c-greeter", &pv, &calls) == KILN_EEXISTS); /* taken */
  CHECK(kiln_registry_add_post_processor(reg, "c-pp", &ppv, NULL) == KILN_OK);
  opts.registry = reg;

  CHECK(kiln_template_parse(&t,
                            "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
                            " \"provisioners\": [{\"type\": \"c-greeter\", \"greeting\": \"hi {{build_name}}\"}],"
                            " \"post-processors\": [\"c-pp\"]}",
                            NULL) == KILN_OK);
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(calls == 1);
  CHECK(kiln_result_artifact_count(res, 0) == 2); /* the null artifact kept, plus c-artifact */
  CHECK(strcmp(kiln_result_artifact_id(res, 0, 1), "c-artifact") == 0);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);

  /* prepare's error is a configuration error; provision's error fails the build with its message. */
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
                                " \"provisioners\": [{\"type\": \"c-greeter\"}]}", NULL) == KILN_OK);
  CHECK(kiln_run_new(&run, t, &opts) == KILN_ECONFIG);
  CHECK(strstr(kiln_last_error()->message, "greeting is required") != NULL);
  kiln_template_free(t);
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
                                " \"provisioners\": [{\"type\": \"c-greeter\", \"greeting\": \"fail\"}]}", NULL) == KILN_OK);
  CHECK(kiln_run_new(&run, t, &opts) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_EBUILD);
  CHECK(strstr(kiln_result_build_error(res, 0), "told to fail") != NULL);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);

  kiln_registry_free(reg);
  CHECK(freed == 1); /* free_payload once, for the one successful registration with a payload */
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  printf("kiln %s\n", kiln_version());
  test_errors();
  test_fix();
  test_run(dir);
  test_progress(dir);
  test_cancel(dir);
  test_plugins();
  test_builder_plugin();
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
