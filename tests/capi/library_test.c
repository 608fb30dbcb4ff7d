/* The library as a whole: version number, kiln_global_init/kiln_shutdown counting, error classes. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "kiln.h"

static void test_version(void) {
  char text[32];
  int n = kiln_version_number();
  CHECK(n == KILN_VERSION_NUMBER);
  CHECK(n >= 200); /* 0.2.0 introduced it */
  snprintf(text, sizeof text, "%d.%d.%d", n / 10000, n / 100 % 100, n % 100);
  CHECK(strcmp(text, kiln_version()) == 0);
}

static void *init_and_shutdown(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < 200; ++i) {
    if (kiln_global_init() < 1) return (void *)1;
    if (kiln_shutdown() < 0) return (void *)1;
  }
  return NULL;
}

static void test_global_init(void) {
  pthread_t threads[4];
  void *status;
  int i;
  CHECK(kiln_shutdown() == 0); /* before any init: nothing to do */
  CHECK(kiln_global_init() == 1);
  CHECK(kiln_global_init() == 2);
  CHECK(kiln_shutdown() == 1);
  CHECK(kiln_shutdown() == 0);
  CHECK(kiln_shutdown() == 0); /* one too many: still nothing */
  CHECK(kiln_global_init() == 1);
  for (i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, init_and_shutdown, NULL);
  for (i = 0; i < 4; ++i) {
    pthread_join(threads[i], &status);
    CHECK(status == NULL);
  }
  CHECK(kiln_shutdown() == 0);
}

/* After the last kiln_shutdown, a run sets up what it needs again on first use. */
static void test_run_after_shutdown(void) {
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  kiln_result *res = NULL;
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}]}", "l.json") == KILN_OK);
  CHECK(kiln_run_new(&run, t, NULL) == KILN_OK);
  CHECK(kiln_run_execute(run, &res) == KILN_OK);
  kiln_result_free(res);
  kiln_run_free(run);
  kiln_template_free(t);
}

static void test_error_classes(void) {
  kiln_template *t = NULL;
  CHECK(kiln_template_parse(&t, "{\"builders\": [", "bad.json") == KILN_ETEMPLATE);
  CHECK(kiln_last_error()->klass == KILN_ERROR_CLASS_TEMPLATE);
  CHECK(kiln_template_load(&t, "/nonexistent/kiln.json") == KILN_ENOTFOUND);
  CHECK(kiln_last_error()->klass == KILN_ERROR_CLASS_OS);
  CHECK(kiln_template_parse(NULL, "{}", NULL) == KILN_EINVALID);
  CHECK(kiln_last_error()->klass == KILN_ERROR_CLASS_INVALID);
  CHECK(kiln_template_parse(&t, "{\"builders\": [{\"type\": \"null\"}]}", "c.json") == KILN_OK);
  {
    kiln_run *run = NULL;
    CHECK(kiln_run_new(&run, t, NULL) == KILN_ECONFIG); /* null needs a communicator setting */
    CHECK(kiln_last_error()->klass == KILN_ERROR_CLASS_CONFIG);
  }
  kiln_template_free(t);
  kiln_error_clear();
  CHECK(kiln_last_error()->code == KILN_OK && kiln_last_error()->klass == KILN_ERROR_CLASS_NONE);
}

int main(void) {
  test_version();
  test_global_init();
  test_run_after_shutdown();
  test_error_classes();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
