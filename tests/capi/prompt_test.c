/* Breakpoints and debug pauses ask the host's prompt callback; the library never reads stdin. */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kiln.h"

static const char *kTemplate =
    "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\", \"name\": \"bp\"}],"
    " \"provisioners\": [{\"type\": \"breakpoint\", \"note\": \"check-the-disk\"}]}";

struct said {
  int pausing, skipped;
};
static void on_event(const kiln_event *ev, void *payload) {
  struct said *s = payload;
  if (strstr(ev->message, "Pausing at breakpoint provisioner with note \"check-the-disk\"")) s->pausing++;
  if (strstr(ev->message, "No prompt to wait on; continuing.")) s->skipped++;
}

struct answers {
  int answer, calls, kind, saw_note, frees;
  char build[32];
  int block_until_cancelled;
  pthread_mutex_t mutex;
  pthread_cond_t entered;
};

static int prompt(const kiln_prompt *p, void *payload) {
  struct answers *a = payload;
  struct timespec tick = {0, 5 * 1000 * 1000};
  pthread_mutex_lock(&a->mutex);
  a->calls++;
  a->kind = kiln_prompt_kind_of(p);
  a->saw_note = strstr(kiln_prompt_message(p), "check-the-disk") != NULL;
  snprintf(a->build, sizeof a->build, "%s", kiln_prompt_build(p));
  pthread_cond_signal(&a->entered);
  pthread_mutex_unlock(&a->mutex);
  while (a->block_until_cancelled && !kiln_prompt_cancelled(p)) nanosleep(&tick, NULL);
  return a->answer;
}

static void free_answers(void *payload) { ((struct answers *)payload)->frees++; }

static int run_template(const char *text, kiln_run_options *opts, kiln_result **res) {
  kiln_template *t = NULL;
  kiln_run *run = NULL;
  int rc;
  CHECK(kiln_template_parse(&t, text, "prompt.json") == KILN_OK);
  CHECK(kiln_run_new(&run, t, opts) == KILN_OK);
  rc = kiln_run_execute(run, res);
  kiln_run_free(run);
  kiln_template_free(t);
  return rc;
}

/* No callback, stdin a terminal with a line waiting: the breakpoint is announced and skipped, and the
 * line is still there afterwards (the library did not read it). */
static void test_no_callback_leaves_stdin_alone(void) {
  int master = posix_openpt(O_RDWR | O_NOCTTY), slave, saved_stdin = dup(STDIN_FILENO);
  struct said s = {0, 0};
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  kiln_result *res = NULL;
  struct pollfd in = {STDIN_FILENO, POLLIN, 0};
  char line[64] = {0};
  if (master < 0 || grantpt(master) || unlockpt(master) || (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
    perror("pty");
    ++failures;
    return;
  }
  dup2(slave, STDIN_FILENO);
  CHECK(isatty(STDIN_FILENO));
  CHECK(write(master, "keep-me\n", 8) == 8);
  opts.on_event = on_event;
  opts.event_payload = &s;
  CHECK(run_template(kTemplate, &opts, &res) == KILN_OK);
  CHECK(s.pausing == 1 && s.skipped == 1);
  CHECK(poll(&in, 1, 5000) == 1);
  CHECK(read(STDIN_FILENO, line, sizeof line - 1) > 0 && strstr(line, "keep-me") != NULL);
  kiln_result_free(res);
  dup2(saved_stdin, STDIN_FILENO);
  close(saved_stdin);
  close(slave);
  close(master);
}

static void init_answers(struct answers *a, int answer) {
  memset(a, 0, sizeof *a);
  a->answer = answer;
  pthread_mutex_init(&a->mutex, NULL);
  pthread_cond_init(&a->entered, NULL);
}

static void test_answers(void) {
  struct answers a;
  struct said s = {0, 0};
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  kiln_result *res = NULL;

  init_answers(&a, KILN_PROMPT_CONTINUE);
  opts.on_prompt = prompt;
  opts.prompt_payload = &a;
  opts.free_prompt_payload = free_answers;
  opts.on_event = on_event;
  opts.event_payload = &s;
  CHECK(run_template(kTemplate, &opts, &res) == KILN_OK);
  CHECK(a.calls == 1 && a.kind == KILN_PROMPT_BREAKPOINT && a.saw_note && strcmp(a.build, "bp") == 0);
  CHECK(s.pausing == 1 && s.skipped == 0);
  CHECK(a.frees == 1);
  kiln_result_free(res);

  init_answers(&a, KILN_PROMPT_ABORT);
  CHECK(run_template(kTemplate, &opts, &res) == KILN_EBUILD);
  CHECK(a.calls == 1 && kiln_result_build_ok(res, 0) == 0);
  CHECK(strstr(kiln_result_build_error(res, 0), "aborted at the prompt") != NULL);
  kiln_result_free(res);

  init_answers(&a, 42); /* not an answer: the build fails, naming it */
  CHECK(run_template(kTemplate, &opts, &res) == KILN_EBUILD);
  CHECK(strstr(kiln_result_build_error(res, 0), "the prompt callback returned 42") != NULL);
  kiln_result_free(res);

  /* debug: a pause before each step, asked as a debug step. */
  init_answers(&a, KILN_PROMPT_CONTINUE);
  opts.debug = 1;
  CHECK(run_template("{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\", \"name\": \"bp\"}]}", &opts, &res) ==
        KILN_OK);
  CHECK(a.calls >= 1 && a.kind == KILN_PROMPT_DEBUG_STEP);
  kiln_result_free(res);
}

struct execution {
  kiln_run *run;
  kiln_result *res;
  int rc;
};
static void *execute(void *arg) {
  struct execution *e = arg;
  e->rc = kiln_run_execute(e->run, &e->res);
  return NULL;
}

/* A prompt waiting for its user ends when the run is cancelled from another thread. */
static void test_cancel_while_waiting(void) {
  struct answers a;
  struct execution e = {NULL, NULL, 0};
  kiln_template *t = NULL;
  kiln_run_options opts = KILN_RUN_OPTIONS_INIT;
  pthread_t worker;
  init_answers(&a, KILN_PROMPT_CONTINUE);
  a.block_until_cancelled = 1;
  opts.on_prompt = prompt;
  opts.prompt_payload = &a;
  opts.free_prompt_payload = free_answers;
  CHECK(kiln_template_parse(&t, kTemplate, "prompt.json") == KILN_OK);
  CHECK(kiln_run_new(&e.run, t, &opts) == KILN_OK);
  pthread_create(&worker, NULL, execute, &e);
  pthread_mutex_lock(&a.mutex);
  while (a.calls == 0) pthread_cond_wait(&a.entered, &a.mutex);
  pthread_mutex_unlock(&a.mutex);
  CHECK(kiln_run_cancel(e.run) == KILN_OK);
  pthread_join(worker, NULL);
  CHECK(e.rc == KILN_ECANCELLED);
  CHECK(kiln_result_build_ok(e.res, 0) == 0);
  CHECK(a.frees == 0);
  kiln_run_free(e.run);
  CHECK(a.frees == 1);
  kiln_result_free(e.res);
  kiln_template_free(t);
}

int main(void) {
  test_no_callback_leaves_stdin_alone();
  test_answers();
  test_cancel_while_waiting();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
