/* A run sees the environment as it was at kiln_run_new: a host's setenv() afterwards changes
 * nothing, and libkiln calls no getenv() while the run executes (glibc's getenv races with a
 * concurrent setenv). getenv is interposed: this program's definition serves every caller. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiln.h"

extern char **environ;

static volatile int counting = 0;
static int kiln_getenv_calls = 0;
static char kiln_getenv_names[512];

/* Called from inside libkiln? Decided by where the return address lies. */
static int called_from_libkiln(void *caller) {
  Dl_info info;
  return dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libkiln") != NULL;
}

char *getenv(const char *name) {
  size_t len = strlen(name);
  char **e;
  if (counting && called_from_libkiln(__builtin_return_address(0))) {
    ++kiln_getenv_calls;
    strncat(kiln_getenv_names, name, sizeof kiln_getenv_names - strlen(kiln_getenv_names) - 2);
    strcat(kiln_getenv_names, " ");
  }
  for (e = environ; *e; ++e)
    if (strncmp(*e, name, len) == 0 && (*e)[len] == '=') return *e + len + 1;
  return NULL;
}

static char *read_file(const char *path) {
  static char buf[256];
  size_t n;
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

int main(void) {
  char out[64], tmpl[1024];
  char *saved_path = strdup(getenv("PATH"));
  char *seen;
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  snprintf(out, sizeof out, "/tmp/kiln-env-test-%d", (int)getpid());
  snprintf(tmpl, sizeof tmpl,
           "{\"variables\": {\"v\": \"{{env `KILN_ENV_VAR`}}\"},"
           " \"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
           " \"provisioners\": [{\"type\": \"shell-local\","
           " \"inline\": [\"echo \\\"$KILN_ENV_PROBE {{user `v`}}\\\" > %s\"]}]}",
           out);
  setenv("KILN_ENV_PROBE", "probe-before", 1);
  setenv("KILN_ENV_VAR", "var-before", 1);
  CHECK(kiln_template_parse(&t, tmpl, "env.json") == KILN_OK);
  CHECK(kiln_run_new(&run, t, NULL) == KILN_OK);

  /* The host changes its environment once the run exists, PATH included. */
  setenv("KILN_ENV_PROBE", "probe-after", 1);
  setenv("KILN_ENV_VAR", "var-after", 1);
  setenv("PATH", "/nonexistent", 1);
  counting = 1;
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  counting = 0;
  setenv("PATH", saved_path, 1);
  CHECK(kiln_result_build_ok(res, 0) == 1);
  seen = read_file(out);
  CHECK(seen != NULL && strcmp(seen, "probe-before var-before\n") == 0);
  if (seen) fprintf(stderr, "the child saw: %s", seen);
  CHECK(kiln_getenv_calls == 0);
  if (kiln_getenv_calls) fprintf(stderr, "libkiln read during the run: %s\n", kiln_getenv_names);

  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
  unlink(out);
  free(saved_path);
  return failures ? 1 : 0;
}
