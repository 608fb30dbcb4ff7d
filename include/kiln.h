/* kiln — build machine images from Packer templates. The stable C API.
 *
 * Conventions:
 *  - every function returning int returns a kiln_status: KILN_OK (0) or a negative error;
 *    on error kiln_last_error() describes it (thread-local, never NULL). Success does not clear it.
 *  - handles are opaque; what kiln_X_new/load/parse creates, kiln_X_free releases (NULL-safe).
 *  - out-parameters come first (`**out`); strings are UTF-8.
 *  - strings returned as `const char *` are owned by the handle they came from and stay valid until
 *    it is freed; strings returned through `char **out` are the caller's: release them with kiln_free.
 *  - options structs and vtables begin with `unsigned int version`; initialise them with the _INIT
 *    macro or the _init function so later fields keep their defaults. The library reads only the
 *    fields that `version` defines (a caller built against an older header passes a shorter struct)
 *    and refuses a version newer than its own with KILN_EVERSION.
 *  - no function throws or aborts (declared noexcept in C++). A host callback must not throw either;
 *    if a C++ one does, kiln catches it: the exception, like a failing status, fails that build.
 *  - threads (see kiln_event_cb, kiln_prompt_cb and the vtables for each callback): a run's event
 *    callback runs one event at a time, on whichever thread is working for the run; plugin and prompt
 *    callbacks run on build threads, concurrently when builds run in parallel.
 *    A handle may move between threads; kiln_run_cancel, kiln_last_error and the kiln_result_*
 *    readers may be called from any thread at any time.
 *  - the library never reads stdin, installs signal handlers or changes the environment or cwd.
 * This header compiles as C99 and as C++. */
#ifndef KILN_H
#define KILN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KILN_BUILDING)
#define KILN_API __attribute__((visibility("default")))
#else
#define KILN_API
#endif

#if defined(__cplusplus) && __cplusplus >= 201103L
#define KILN_NOEXCEPT noexcept
#else
#define KILN_NOEXCEPT
#endif

#define KILN_VERSION_MAJOR 0
#define KILN_VERSION_MINOR 2
#define KILN_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH, to compare with kiln_version_number() at run time. */
#define KILN_VERSION_NUMBER (KILN_VERSION_MAJOR * 10000 + KILN_VERSION_MINOR * 100 + KILN_VERSION_PATCH)

/** Every int-returning function's result. @since 0.1 (KILN_EEXISTS @since 0.2) */
typedef enum kiln_status {
  KILN_OK = 0,
  KILN_ERROR = -1,
  KILN_ENOTFOUND = -3,
  KILN_EINVALID = -4,
  KILN_EVERSION = -5,
  KILN_ECANCELLED = -6,
  KILN_EUSER = -7,
  KILN_ETEMPLATE = -8,
  KILN_ECONFIG = -9,
  KILN_ECOMM = -10,
  KILN_EREMOTE = -11,
  KILN_EBUILD = -12,
  KILN_EEXISTS = -13 /* @since 0.2: the name is taken (a registered type, an output without force) */
} kiln_status;

/** Where an error came from, beside its code (libgit2's klass). @since 0.2 */
typedef enum kiln_error_class {
  KILN_ERROR_CLASS_NONE = 0,     /* no error, a cancelled run, or none of the classes below */
  KILN_ERROR_CLASS_NOMEMORY = 1,
  KILN_ERROR_CLASS_OS = 2,       /* files, processes, system calls */
  KILN_ERROR_CLASS_INVALID = 3,  /* a bad argument or options struct */
  KILN_ERROR_CLASS_TEMPLATE = 4, /* template syntax, variables */
  KILN_ERROR_CLASS_CONFIG = 5,   /* a plugin's configuration */
  KILN_ERROR_CLASS_PLUGIN = 6,   /* a plugin or host callback failed or threw */
  KILN_ERROR_CLASS_COMM = 7,     /* a communicator (ssh, docker) */
  KILN_ERROR_CLASS_NET = 8,      /* HTTP and cloud APIs (AWS, the Docker Engine) */
  KILN_ERROR_CLASS_BUILD = 9     /* a build step */
} kiln_error_class;

/** What kiln_last_error describes. @since 0.1 (klass @since 0.2) */
typedef struct kiln_error {
  int code;            /* a kiln_status */
  const char *message; /* owned by the library; valid until the next failing call on this thread */
  int klass;           /* a kiln_error_class; @since 0.2 (appended: older callers read the fields above) */
} kiln_error;

/** The library version, "MAJOR.MINOR.PATCH". @since 0.1 */
KILN_API const char *kiln_version(void) KILN_NOEXCEPT;
/** The library version as KILN_VERSION_NUMBER computes it, for run-time checks. @since 0.2 */
KILN_API int kiln_version_number(void) KILN_NOEXCEPT;
/** Does the library's one-time process set-up (libssh2, libcurl's global state) on the calling thread.
 *  Optional: the first build that needs it does it too, but a host with threads of its own should call
 *  this early, from one thread. Reference-counted and thread-safe: returns the number of kiln_global_init
 *  calls not yet matched by kiln_shutdown (at least 1), or a negative kiln_status. @since 0.2 */
KILN_API int kiln_global_init(void) KILN_NOEXCEPT;
/** Matches one kiln_global_init; the last one releases the process-wide state (no run may be in
 *  progress then; the next use sets it up again). Extra calls do nothing. Returns the number of
 *  kiln_global_init calls still unmatched. @since 0.2 */
KILN_API int kiln_shutdown(void) KILN_NOEXCEPT;
/** The last error on this thread; never NULL (code KILN_OK and "" when none). @since 0.1 */
KILN_API const kiln_error *kiln_last_error(void) KILN_NOEXCEPT;
/** Forgets the last error on this thread. @since 0.1 */
KILN_API void kiln_error_clear(void) KILN_NOEXCEPT;
/** Releases a string the library handed over through `char **out`. NULL-safe. @since 0.1 */
KILN_API void kiln_free(void *p) KILN_NOEXCEPT;

/* ---- Templates ------------------------------------------------------------------------------ */

/** A parsed template. @since 0.1 */
typedef struct kiln_template kiln_template;

/** Reads and parses a template file. @since 0.1 */
KILN_API int kiln_template_load(kiln_template **out, const char *path) KILN_NOEXCEPT;
/** Parses template text; `origin` names it in error messages (may be NULL). @since 0.1 */
KILN_API int kiln_template_parse(kiln_template **out, const char *text, const char *origin) KILN_NOEXCEPT;
/** Frees the template (runs made from it keep their copy). @since 0.1 */
KILN_API void kiln_template_free(kiln_template *t) KILN_NOEXCEPT;
/** Number of declared variables. @since 0.1 */
KILN_API size_t kiln_template_variable_count(const kiln_template *t) KILN_NOEXCEPT;
/** Name of variable `i`, or NULL when out of range. @since 0.1 */
KILN_API const char *kiln_template_variable_name(const kiln_template *t, size_t i) KILN_NOEXCEPT;
/** Default of variable `i` ("<sensitive>" for sensitive ones), or NULL when required. @since 0.1 */
KILN_API const char *kiln_template_variable_default(const kiln_template *t, size_t i) KILN_NOEXCEPT;
/** Number of builders (builds). @since 0.1 */
KILN_API size_t kiln_template_build_count(const kiln_template *t) KILN_NOEXCEPT;
/** Name of build `i`, or NULL. @since 0.1 */
KILN_API const char *kiln_template_build_name(const kiln_template *t, size_t i) KILN_NOEXCEPT;
/** Builder type of build `i`, or NULL. @since 0.1 */
KILN_API const char *kiln_template_build_type(const kiln_template *t, size_t i) KILN_NOEXCEPT;
/** `packer fix` (Packer 1.6.6) on JSON template text: runs its fixers and sets `*out` to the fixed
 *  template exactly as packer fix prints it (free with kiln_free). With `validate` non-zero, a fixed
 *  template that fails Packer's validation is KILN_ETEMPLATE and `*out` stays NULL; kiln_last_error
 *  has packer fix's message ("Error parsing template: …", "Error fixing: …", "Error! Fixed
 *  template …"). @since 0.2 */
KILN_API int kiln_template_fix(char **out, const char *json, int validate) KILN_NOEXCEPT;

/* ---- Events --------------------------------------------------------------------------------- */

/** @since 0.1 */
typedef enum kiln_event_kind {
  KILN_EVENT_SAY = 0,
  KILN_EVENT_MESSAGE = 1, /* output, e.g. a line a provisioner's command wrote to stdout */
  KILN_EVENT_ERROR = 2,   /* an error, or a line a command wrote to stderr (as Packer shows it) */
  KILN_EVENT_PROGRESS = 3,
  KILN_EVENT_BUILD_START = 4,
  KILN_EVENT_BUILD_END = 5,
  KILN_EVENT_ARTIFACT = 6,
  KILN_EVENT_MACHINE = 7,
  KILN_EVENT_WARNING = 8
} kiln_event_kind;

/** One event of a run; its strings are valid during the callback only. @since 0.1 */
typedef struct kiln_event {
  unsigned int version; /* KILN_EVENT_VERSION */
  int kind;             /* a kiln_event_kind */
  const char *build;    /* "" for events of the whole run */
  const char *message;  /* secrets already masked */
  uint64_t done;        /* progress events */
  uint64_t total;
  double time;          /* seconds since the Unix epoch */
} kiln_event;
#define KILN_EVENT_VERSION 1

/** Receives events; the strings are valid only during the call. Calls are serialised (never two at
 *  once for one run; different runs' callbacks may overlap) but come from any thread working for the
 *  run: kiln_run_new's and kiln_run_execute's callers, the build threads, kiln_result_artifact_destroy's
 *  caller. None comes after kiln_run_free starts. It must not call kiln_run_free. @since 0.1 */
typedef void (*kiln_event_cb)(const kiln_event *event, void *payload);

/* ---- Plugins -------------------------------------------------------------------------------- */

/** The builder, provisioner and post-processor types a run may use. @since 0.1 */
typedef struct kiln_registry kiln_registry;
/** What a plugin callback is given; valid during the callback only. @since 0.1 */
typedef struct kiln_plugin_ctx kiln_plugin_ctx;

/** A provisioner written in C. Callbacks return KILN_OK or a negative status (then
 *  kiln_plugin_set_error says why). `config_json` is the block's configuration after
 *  interpolation, as a JSON object. Plugin callbacks run on build threads: builds running in
 *  parallel call the same vtable (and payload) concurrently, so shared state needs a lock or atomics.
 *  Each vtable is read by its version, as options structs are. @since 0.1 */
typedef struct kiln_provisioner_vtable {
  unsigned int version; /* KILN_PROVISIONER_VTABLE_VERSION */
  int (*prepare)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);  /* may be NULL */
  int (*provision)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);
  void (*free_payload)(void *payload); /* may be NULL; called once, after the last callback */
} kiln_provisioner_vtable;
#define KILN_PROVISIONER_VTABLE_VERSION 1
#define KILN_PROVISIONER_VTABLE_INIT {KILN_PROVISIONER_VTABLE_VERSION, NULL, NULL, NULL}

/** A post-processor written in C: it reads the input artifact through kiln_plugin_input_* and
 *  sets its result with kiln_plugin_set_artifact (without one, the input passes through). @since 0.1 */
typedef struct kiln_post_processor_vtable {
  unsigned int version; /* KILN_POST_PROCESSOR_VTABLE_VERSION */
  int (*prepare)(void *payload, const char *config_json, kiln_plugin_ctx *ctx); /* may be NULL */
  int (*post_process)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);
  void (*free_payload)(void *payload);
} kiln_post_processor_vtable;
#define KILN_POST_PROCESSOR_VTABLE_VERSION 1
#define KILN_POST_PROCESSOR_VTABLE_INIT {KILN_POST_PROCESSOR_VTABLE_VERSION, NULL, NULL, NULL}

/** A builder written in C: run() makes (or finds) the machine, calls kiln_plugin_provision to
 *  run the build's provisioners, and sets the build's artifact with kiln_plugin_set_artifact. @since 0.1 */
typedef struct kiln_builder_vtable {
  unsigned int version; /* KILN_BUILDER_VTABLE_VERSION */
  int (*prepare)(void *payload, const char *config_json, kiln_plugin_ctx *ctx); /* may be NULL */
  int (*run)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);
  void (*free_payload)(void *payload);
} kiln_builder_vtable;
#define KILN_BUILDER_VTABLE_VERSION 1
#define KILN_BUILDER_VTABLE_INIT {KILN_BUILDER_VTABLE_VERSION, NULL, NULL, NULL}

/** A registry holding every built-in plugin; add your own and pass it in kiln_run_options. @since 0.1 */
KILN_API int kiln_registry_new(kiln_registry **out) KILN_NOEXCEPT;
/** Releases the caller's reference; runs using the registry keep it alive. @since 0.1 */
KILN_API void kiln_registry_free(kiln_registry *r) KILN_NOEXCEPT;
/** Registers provisioner `type`; the vtable is copied. KILN_EEXISTS if the type exists (KILN_EINVALID
 *  before 0.2). The payload is the registry's once this succeeds: free_payload runs once, after the last
 *  callback, when the registry and every run using it are freed. @since 0.1 */
KILN_API int kiln_registry_add_provisioner(kiln_registry *r, const char *type, const kiln_provisioner_vtable *vtable,
                                           void *payload) KILN_NOEXCEPT;
/** Registers builder `type`, as kiln_registry_add_provisioner. @since 0.1 */
KILN_API int kiln_registry_add_builder(kiln_registry *r, const char *type, const kiln_builder_vtable *vtable,
                                       void *payload) KILN_NOEXCEPT;
/** Registers post-processor `type`, as kiln_registry_add_provisioner. @since 0.1 */
KILN_API int kiln_registry_add_post_processor(kiln_registry *r, const char *type,
                                              const kiln_post_processor_vtable *vtable, void *payload) KILN_NOEXCEPT;

/** Shows text to the user as the build's output ("==> build: text"). @since 0.1 */
KILN_API int kiln_plugin_say(kiln_plugin_ctx *ctx, const char *text) KILN_NOEXCEPT;
/** Records why the callback is about to fail (copied). @since 0.1 */
KILN_API int kiln_plugin_set_error(kiln_plugin_ctx *ctx, const char *message) KILN_NOEXCEPT;
/** 1 when the run was cancelled (poll it in long loops), else 0. @since 0.1 */
KILN_API int kiln_plugin_cancelled(const kiln_plugin_ctx *ctx) KILN_NOEXCEPT;
/** The build's name (owned by the context). @since 0.1 */
KILN_API const char *kiln_plugin_build_name(const kiln_plugin_ctx *ctx) KILN_NOEXCEPT;
/** Runs `command` on the machine (provisioners only); its output goes to the build's output.
 *  KILN_EINVALID when the build has no communicator. @since 0.1 */
KILN_API int kiln_plugin_exec(kiln_plugin_ctx *ctx, const char *command, int *exit_status) KILN_NOEXCEPT;
/** Uploads a local file to the machine (provisioners only). @since 0.1 */
KILN_API int kiln_plugin_upload(kiln_plugin_ctx *ctx, const char *local_path, const char *remote_path) KILN_NOEXCEPT;
/** Downloads a file from the machine (provisioners only). @since 0.1 */
KILN_API int kiln_plugin_download(kiln_plugin_ctx *ctx, const char *remote_path, const char *local_path) KILN_NOEXCEPT;
/** Runs the build's provisioners (builders only; they get no communicator). @since 0.1 */
KILN_API int kiln_plugin_provision(kiln_plugin_ctx *ctx) KILN_NOEXCEPT;
/** The input artifact's id (post-processors only; NULL otherwise). This and kiln_plugin_input_file return
 *  strings owned by `ctx`, each in its own storage: valid until the callback given `ctx` returns. @since 0.1 */
KILN_API const char *kiln_plugin_input_id(const kiln_plugin_ctx *ctx) KILN_NOEXCEPT;
/** Number of files of the input artifact. @since 0.1 */
KILN_API size_t kiln_plugin_input_file_count(const kiln_plugin_ctx *ctx) KILN_NOEXCEPT;
/** File `i` of the input artifact, or NULL. @since 0.1 */
KILN_API const char *kiln_plugin_input_file(const kiln_plugin_ctx *ctx, size_t i) KILN_NOEXCEPT;
/** Sets the artifact of a builder, or a post-processor's output artifact (strings copied);
 *  keep_input (post-processors): keep the input artifact too. @since 0.1 */
KILN_API int kiln_plugin_set_artifact(kiln_plugin_ctx *ctx, const char *id, const char *const *files, size_t file_count,
                                      int keep_input) KILN_NOEXCEPT;

/** What a failed build leaves behind (Packer's -on-error). @since 0.1 */
typedef enum kiln_on_error {
  KILN_ON_ERROR_CLEANUP = 0,
  KILN_ON_ERROR_ABORT = 1,
  KILN_ON_ERROR_ASK = 2, /* behaves as CLEANUP (the prompt callback is not asked yet) */
  KILN_ON_ERROR_RUN_CLEANUP_PROVISIONER = 3
} kiln_on_error;

/* ---- Prompts: breakpoints and debug pauses ---------------------------------------------------- */

/** @since 0.2 */
typedef enum kiln_prompt_kind {
  KILN_PROMPT_BREAKPOINT = 0, /* a "breakpoint" provisioner; the message holds its note */
  KILN_PROMPT_DEBUG_STEP = 1  /* run option debug: before each step */
} kiln_prompt_kind;

/** @since 0.2 */
typedef enum kiln_prompt_answer {
  KILN_PROMPT_CONTINUE = 0,
  KILN_PROMPT_ABORT = 1 /* fail the build here */
} kiln_prompt_answer;

/** What the build waits on; valid during the kiln_prompt_cb call only. @since 0.2 */
typedef struct kiln_prompt kiln_prompt;
/** Waits for the user: returns a kiln_prompt_answer (another value fails the build). It runs on the
 *  build's thread, concurrently for builds in parallel; a prompt that waits must poll
 *  kiln_prompt_cancelled and return once it is 1, so that kiln_run_cancel ends the run. Without a
 *  prompt callback, breakpoints and debug pauses are announced and skipped. @since 0.2 */
typedef int (*kiln_prompt_cb)(const kiln_prompt *prompt, void *payload);

/** A kiln_prompt_kind. @since 0.2 */
KILN_API int kiln_prompt_kind_of(const kiln_prompt *p) KILN_NOEXCEPT;
/** The build waiting. @since 0.2 */
KILN_API const char *kiln_prompt_build(const kiln_prompt *p) KILN_NOEXCEPT;
/** What to show the user (secrets masked). @since 0.2 */
KILN_API const char *kiln_prompt_message(const kiln_prompt *p) KILN_NOEXCEPT;
/** 1 once the run was cancelled (the answer no longer matters), else 0. @since 0.2 */
KILN_API int kiln_prompt_cancelled(const kiln_prompt *p) KILN_NOEXCEPT;

/* ---- Runs ----------------------------------------------------------------------------------- */

/** @since 0.1; fields after `registry` @since 0.2 (version 2). */
typedef struct kiln_run_options {
  unsigned int version;            /* KILN_RUN_OPTIONS_VERSION */
  const char *const *vars;         /* "key=value" strings, applied in order after var_files */
  size_t var_count;
  const char *const *var_files;    /* JSON variable files */
  size_t var_file_count;
  const char *const *only;         /* build name globs */
  size_t only_count;
  const char *const *except;
  size_t except_count;
  int on_error;                    /* a kiln_on_error */
  unsigned int parallel_builds;    /* 0 = unlimited */
  int force;
  kiln_event_cb on_event;          /* may be NULL */
  void *event_payload;
  kiln_registry *registry;         /* NULL = built-ins only; borrowed for the run's lifetime */
  /* version 2 */
  void (*free_event_payload)(void *payload); /* may be NULL; called once by kiln_run_free, after the last event */
  kiln_prompt_cb on_prompt;        /* may be NULL: breakpoints and debug pauses are announced and skipped */
  void *prompt_payload;
  void (*free_prompt_payload)(void *payload); /* may be NULL; called once by kiln_run_free */
  int debug;                       /* pause before each step (Packer's -debug) through on_prompt */
} kiln_run_options;
#define KILN_RUN_OPTIONS_VERSION 2
#define KILN_RUN_OPTIONS_INIT \
  {KILN_RUN_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}
/** Fills the fields `version` defines (and only those bytes) with defaults. @since 0.1 */
KILN_API int kiln_run_options_init(kiln_run_options *opts, unsigned int version) KILN_NOEXCEPT;

/** Prepared builds, ready to run. @since 0.1 */
typedef struct kiln_run kiln_run;
/** What kiln_run_execute returns: each build's outcome and artifacts; immutable. @since 0.1 */
typedef struct kiln_result kiln_result;

/** Resolves variables and prepares (validates) every selected build; the template is copied.
 *  Template and configuration errors come back as KILN_ETEMPLATE / KILN_ECONFIG. The payloads become
 *  the run's only when this succeeds. @since 0.1 */
KILN_API int kiln_run_new(kiln_run **out, const kiln_template *t, const kiln_run_options *opts) KILN_NOEXCEPT;
/** Number of builds selected by only/except. @since 0.1 */
KILN_API size_t kiln_run_build_count(const kiln_run *r) KILN_NOEXCEPT;
/** Runs every selected build (in parallel up to parallel_builds) and blocks until they end.
 *  Returns KILN_OK when all succeeded, KILN_ECANCELLED when cancelled, KILN_EUSER when the event
 *  callback threw (the run is then cancelled), KILN_EBUILD otherwise; `*out` receives the results
 *  in every case (free with kiln_result_free; a result may outlive its run). @since 0.1 */
KILN_API int kiln_run_execute(kiln_run *r, kiln_result **out) KILN_NOEXCEPT;
/** Cancels a running kiln_run_execute from any thread and returns at once; cleanup still runs.
 *  @since 0.1 */
KILN_API int kiln_run_cancel(kiln_run *r) KILN_NOEXCEPT;
/** Frees the run (not while kiln_run_execute runs) and calls the free_*_payload callbacks. @since 0.1 */
KILN_API void kiln_run_free(kiln_run *r) KILN_NOEXCEPT;

/** Number of builds in the result. @since 0.1 */
KILN_API size_t kiln_result_build_count(const kiln_result *res) KILN_NOEXCEPT;
/** Name of build `build`, or NULL. @since 0.1 */
KILN_API const char *kiln_result_build_name(const kiln_result *res, size_t build) KILN_NOEXCEPT;
/** 1 when the build succeeded. @since 0.1 */
KILN_API int kiln_result_build_ok(const kiln_result *res, size_t build) KILN_NOEXCEPT;
/** The build's error ("" when it succeeded). @since 0.1 */
KILN_API const char *kiln_result_build_error(const kiln_result *res, size_t build) KILN_NOEXCEPT;
/** Number of artifacts the build left. @since 0.1 */
KILN_API size_t kiln_result_artifact_count(const kiln_result *res, size_t build) KILN_NOEXCEPT;
/** The artifact accessors below return pointers into the result, built once by kiln_run_execute: the same
 *  pointer on every call, valid until kiln_result_free. A result is never changed by reading it, so any
 *  number of threads may call these on one result at once (kiln_result_artifact_destroy does not change
 *  these strings either). The artifact's id. @since 0.1 */
KILN_API const char *kiln_result_artifact_id(const kiln_result *res, size_t build, size_t artifact) KILN_NOEXCEPT;
/** The id of the builder that made the artifact. @since 0.1 */
KILN_API const char *kiln_result_artifact_builder_id(const kiln_result *res, size_t build, size_t artifact) KILN_NOEXCEPT;
/** The artifact described for people. @since 0.1 */
KILN_API const char *kiln_result_artifact_description(const kiln_result *res, size_t build, size_t artifact) KILN_NOEXCEPT;
/** Number of the artifact's files. @since 0.1 */
KILN_API size_t kiln_result_artifact_file_count(const kiln_result *res, size_t build, size_t artifact) KILN_NOEXCEPT;
/** File `file` of the artifact, or NULL. @since 0.1 */
KILN_API const char *kiln_result_artifact_file(const kiln_result *res, size_t build, size_t artifact, size_t file) KILN_NOEXCEPT;
/** Deletes what the artifact stands for (files, images): Packer's Destroy. Not concurrently with
 *  another call on the same artifact. @since 0.1 */
KILN_API int kiln_result_artifact_destroy(kiln_result *res, size_t build, size_t artifact) KILN_NOEXCEPT;
/** The results as a manifest (the manifest post-processor's JSON shape); free with kiln_free. @since 0.1 */
KILN_API int kiln_result_manifest_json(const kiln_result *res, char **out) KILN_NOEXCEPT;
/** Frees the result (before or after its run). @since 0.1 */
KILN_API void kiln_result_free(kiln_result *res) KILN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* KILN_H */
