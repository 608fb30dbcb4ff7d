/* A caller compiled against kiln.h 0.1: its kiln_run_options is the version 1 layout, copied here.
 * The library must read and write only those bytes: the struct sits at the very end of a page
 * followed by an inaccessible one, so touching a version 2 field faults. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "kiln.h"

typedef struct run_options_v1 {
  unsigned int version;
  const char *const *vars;
  size_t var_count;
  const char *const *var_files;
  size_t var_file_count;
  const char *const *only;
  size_t only_count;
  const char *const *except;
  size_t except_count;
  int on_error;
  unsigned int parallel_builds;
  int force;
  kiln_event_cb on_event;
  void *event_payload;
  kiln_registry *registry;
} run_options_v1;

static int events = 0;
static void on_event(const kiln_event *ev, void *payload) {
  (void)ev;
  (void)payload;
  ++events;
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  unsigned char *pages = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  run_options_v1 *v1;
  kiln_template *t = NULL;
  kiln_run *run = NULL, *refused = NULL;
  kiln_result *res = NULL;
  const char *vars[] = {"who=old"};
  if (pages == MAP_FAILED || mprotect(pages + page, (size_t)page, PROT_NONE) != 0) {
    perror("mmap");
    return 1;
  }
  v1 = (run_options_v1 *)(pages + page - sizeof(run_options_v1));

  /* _init for version 1 writes the version 1 defaults and nothing past them. */
  memset(v1, 0xAB, sizeof *v1);
  CHECK(kiln_run_options_init((kiln_run_options *)v1, 1) == KILN_OK);
  CHECK(v1->version == 1 && v1->vars == NULL && v1->registry == NULL && v1->on_event == NULL);

  /* kiln_run_new reads only the version 1 prefix (version 2 fields would lie in the PROT_NONE page). */
  v1->vars = vars;
  v1->var_count = 1;
  v1->on_event = on_event;
  CHECK(kiln_template_parse(&t,
                            "{\"variables\": {\"who\": \"\"}, \"builders\": [{\"type\": \"null\", \"communicator\": "
                            "\"none\"}], \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [\"echo {{user `who`}}\"]}]}",
                            "old.json") == KILN_OK);
  CHECK(kiln_run_new(&run, t, (const kiln_run_options *)v1) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  CHECK(kiln_result_build_ok(res, 0) == 1);
  CHECK(events > 0);

  /* A version this library does not know is refused, as is version 0. */
  v1->version = KILN_RUN_OPTIONS_VERSION + 1;
  CHECK(kiln_run_new(&refused, t, (const kiln_run_options *)v1) == KILN_EVERSION && refused == NULL);
  v1->version = 0;
  CHECK(kiln_run_options_init((kiln_run_options *)v1, 0) == KILN_EVERSION);
  CHECK(kiln_last_error()->klass == KILN_ERROR_CLASS_INVALID);

  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
