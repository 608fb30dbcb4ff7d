/* A long-lived host: many small builds from many threads, each result read by two threads at once.
 * Every build is checked, and the heap in use (bytes allocated and not freed) after all builds must be what
 * it was after the first tenth: a leak LeakSanitizer cannot see (memory still referenced, e.g. a cache that
 * only grows) fails too. Under a sanitizer the heap is its allocator's count, which freed memory held in
 * ASan's quarantine does not inflate; otherwise glibc's. Resident memory is a benchmark (bench/soak.sh), not a
 * test: allocators keep freed memory, ASan on purpose.
 * usage: soak [BUILDS [THREADS]] */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZER_HEAP 1
size_t __sanitizer_get_current_allocated_bytes(void); /* the sanitizer runtime's; gcc ships no header for it */
#endif

#include "kiln.h"

/* Growth of the heap in use allowed over the last nine tenths of the builds: a few bytes per build. */
enum { kHeapSlackBytes = 16 * 1024 };

static long total_builds = 10000;
static int thread_count = 8;
static atomic_long started, failures, events, plugin_calls;
static long stop_at;
static kiln_template *shared_template;
static kiln_registry *shared_registry;

static const char *kTemplate =
    "{\"variables\": {\"n\": \"\", \"pw\": \"soak-secret\"}, \"sensitive-variables\": [\"pw\"],"
    " \"builders\": [{\"type\": \"soak-machine\", \"id\": \"machine-{{user `n`}}\"}],"
    " \"post-processors\": [{\"type\": \"soak-tag\"}]}";

static void fail(const char *what, long n) {
  fprintf(stderr, "build %ld: %s (last error: %s)\n", n, what, kiln_last_error()->message);
  atomic_fetch_add(&failures, 1);
}

static long rss_kib(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static size_t heap_in_use(void) {
#ifdef SANITIZER_HEAP
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

static void on_event(const kiln_event *ev, void *payload) {
  (void)payload;
  if (strstr(ev->message, "soak-secret")) atomic_fetch_add(&failures, 1);
  atomic_fetch_add(&events, 1);
}

/* Builder "soak-machine": its artifact is the id from its configuration and two files. */
static int machine_run(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  const char *files[2] = {"/nonexistent/disk.img", "/nonexistent/disk.sha256"};
  char id[64];
  const char *at = strstr(config_json, "machine-");
  (void)payload;
  atomic_fetch_add(&plugin_calls, 1);
  if (!at || sscanf(at, "%40[a-z0-9-]", id) != 1) return kiln_plugin_set_error(ctx, "no id"), KILN_ERROR;
  kiln_plugin_say(ctx, "making the machine with soak-secret");
  return kiln_plugin_set_artifact(ctx, id, files, 2, 0);
}

/* Post-processor "soak-tag": "<input id>+tagged". */
static int tag_process(void *payload, const char *config_json, kiln_plugin_ctx *ctx) {
  char id[96];
  const char *files[1];
  (void)payload;
  (void)config_json;
  atomic_fetch_add(&plugin_calls, 1);
  if (!kiln_plugin_input_id(ctx) || kiln_plugin_input_file_count(ctx) != 2) return KILN_ERROR;
  snprintf(id, sizeof id, "%s+tagged", kiln_plugin_input_id(ctx));
  files[0] = kiln_plugin_input_file(ctx, 1);
  return kiln_plugin_set_artifact(ctx, id, files, 1, 0);
}

struct reading {
  const kiln_result *res;
  const char *expected_id;
  long bad;
};

static void *read_result(void *arg) {
  struct reading *r = arg;
  int i;
  for (i = 0; i < 50; ++i) {
    const char *id = kiln_result_artifact_id(r->res, 0, 0), *file = kiln_result_artifact_file(r->res, 0, 0, 0);
    if (!id || strcmp(id, r->expected_id) != 0 || !file || strcmp(file, "/nonexistent/disk.sha256") != 0 ||
        !kiln_result_build_ok(r->res, 0) || strcmp(kiln_result_build_name(r->res, 0), "soak-machine") != 0)
      r->bad++;
  }
  return NULL;
}

static void one_build(long n) {
  char var[32], expected[64];
  const char *vars[1] = {var};
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  char *manifest = NULL;
  struct reading mine, theirs;
  pthread_t reader;
  snprintf(var, sizeof var, "n=%ld", n);
  snprintf(expected, sizeof expected, "machine-%ld+tagged", n);
  opts.vars = vars;
  opts.var_count = 1;
  opts.registry = shared_registry;
  opts.on_event = on_event;
  if (kiln_run_new(&run, shared_template, &opts) != KILN_OK) return fail("kiln_run_new", n);
  if (kiln_run_execute(run, &res) != KILN_OK) {
    fail("kiln_run_execute", n);
  } else {
    mine = (struct reading){res, expected, 0};
    theirs = mine;
    if (pthread_create(&reader, NULL, read_result, &theirs) != 0) {
      fail("pthread_create", n);
    } else {
      read_result(&mine);
      pthread_join(reader, NULL);
      if (mine.bad || theirs.bad) fail("result read wrong", n);
    }
    if (kiln_result_manifest_json(res, &manifest) != KILN_OK || !strstr(manifest, expected)) fail("manifest", n);
    kiln_free(manifest);
  }
  kiln_result_free(res);
  kiln_run_free(run);
}

static void *worker(void *arg) {
  long n;
  (void)arg;
  while ((n = atomic_fetch_add(&started, 1)) < stop_at) one_build(n);
  return NULL;
}

/* Runs builds up to number `until` on thread_count threads and waits for all of them. */
static void run_builds(long until) {
  pthread_t threads[64];
  int i;
  atomic_store(&started, stop_at);
  stop_at = until;
  for (i = 0; i < thread_count; ++i) pthread_create(&threads[i], NULL, worker, NULL);
  for (i = 0; i < thread_count; ++i) pthread_join(threads[i], NULL);
}

int main(int argc, char **argv) {
  kiln_builder_vtable machine = KILN_BUILDER_VTABLE_INIT;
  kiln_post_processor_vtable tag = KILN_POST_PROCESSOR_VTABLE_INIT;
  long warm_up, rss_warm, rss_end;
  size_t heap_warm, heap_end;
  if (argc > 1) total_builds = atol(argv[1]);
  if (argc > 2) thread_count = atoi(argv[2]);
  if (thread_count < 1 || thread_count > 64 || total_builds < 10) return fprintf(stderr, "usage: soak [BUILDS>=10 [THREADS<=64]]\n"), 2;
  warm_up = total_builds / 10;
  machine.run = machine_run;
  tag.post_process = tag_process;
  if (kiln_registry_new(&shared_registry) ||
      kiln_registry_add_builder(shared_registry, "soak-machine", &machine, NULL) ||
      kiln_registry_add_post_processor(shared_registry, "soak-tag", &tag, NULL) ||
      kiln_template_parse(&shared_template, kTemplate, "soak.json")) {
    fprintf(stderr, "setup: %s\n", kiln_last_error()->message);
    return 1;
  }
  run_builds(warm_up);
  heap_warm = heap_in_use();
  malloc_trim(0);
  rss_warm = rss_kib();
  run_builds(total_builds);
  heap_end = heap_in_use();
  malloc_trim(0);
  rss_end = rss_kib();
  kiln_template_free(shared_template);
  kiln_registry_free(shared_registry);
  printf("soak: %ld builds on %d threads, %ld events, %ld plugin calls, %ld failures; after %ld builds: heap %zu bytes, "
         "RSS %ld KiB; after %ld: heap %zu bytes, RSS %ld KiB\n",
         total_builds, thread_count, atomic_load(&events), atomic_load(&plugin_calls), atomic_load(&failures),
         warm_up, heap_warm, rss_warm, total_builds, heap_end, rss_end);
  if (atomic_load(&failures) != 0) return 1;
  if (atomic_load(&plugin_calls) != 2 * total_builds) return fprintf(stderr, "not every plugin ran\n"), 1;
  if (heap_end > heap_warm + kHeapSlackBytes) {
    fprintf(stderr, "the heap in use grew by %zu bytes (allowed %d)\n", heap_end - heap_warm, kHeapSlackBytes);
    return 1;
  }
  return 0;
}
