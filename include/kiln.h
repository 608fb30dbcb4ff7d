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
 *    macro or the _init function so later fields keep their defaults.
 *  - no function throws or aborts; callbacks may run on kiln's build threads, one at a time.
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

#define KILN_VERSION_MAJOR 0
#define KILN_VERSION_MINOR 1
#define KILN_VERSION_PATCH 0

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
  KILN_EBUILD = -12
} kiln_status;

typedef struct kiln_error {
  int code;            /* a kiln_status */
  const char *message; /* owned by the library; valid until the next failing call on this thread */
} kiln_error;

/** The library version, "MAJOR.MINOR.PATCH". @since 0.1 */
KILN_API const char *kiln_version(void);
/** The last error on this thread; never NULL (code KILN_OK and "" when none). @since 0.1 */
KILN_API const kiln_error *kiln_last_error(void);
/** Forgets the last error on this thread. @since 0.1 */
KILN_API void kiln_error_clear(void);
/** Releases a string the library handed over through `char **out`. NULL-safe. @since 0.1 */
KILN_API void kiln_free(void *p);

/* ---- Templates ------------------------------------------------------------------------------ */

typedef struct kiln_template kiln_template;

/** Reads and parses a template file. @since 0.1 */
KILN_API int kiln_template_load(kiln_template **out, const char *path);
/** Parses template text; `origin` names it in error messages (may be NULL). @since 0.1 */
KILN_API int kiln_template_parse(kiln_template **out, const char *text, const char *origin);
/** @since 0.1 */
KILN_API void kiln_template_free(kiln_template *t);
/** Number of declared variables. @since 0.1 */
KILN_API size_t kiln_template_variable_count(const kiln_template *t);
/** Name of variable `i`, or NULL when out of range. @since 0.1 */
KILN_API const char *kiln_template_variable_name(const kiln_template *t, size_t i);
/** Default of variable `i` ("<sensitive>" for sensitive ones), or NULL when required. @since 0.1 */
KILN_API const char *kiln_template_variable_default(const kiln_template *t, size_t i);
/** Number of builders (builds). @since 0.1 */
KILN_API size_t kiln_template_build_count(const kiln_template *t);
/** Name of build `i`, or NULL. @since 0.1 */
KILN_API const char *kiln_template_build_name(const kiln_template *t, size_t i);
/** Builder type of build `i`, or NULL. @since 0.1 */
KILN_API const char *kiln_template_build_type(const kiln_template *t, size_t i);

/* ---- Events --------------------------------------------------------------------------------- */

typedef enum kiln_event_kind {
  KILN_EVENT_SAY = 0,
  KILN_EVENT_MESSAGE = 1,
  KILN_EVENT_ERROR = 2,
  KILN_EVENT_PROGRESS = 3,
  KILN_EVENT_BUILD_START = 4,
  KILN_EVENT_BUILD_END = 5,
  KILN_EVENT_ARTIFACT = 6,
  KILN_EVENT_MACHINE = 7,
  KILN_EVENT_WARNING = 8
} kiln_event_kind;

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

/** Receives events; the strings are valid only during the call. */
typedef void (*kiln_event_cb)(const kiln_event *event, void *payload);

/* ---- Plugins -------------------------------------------------------------------------------- */

typedef struct kiln_registry kiln_registry;
typedef struct kiln_plugin_ctx kiln_plugin_ctx;

/** A provisioner written in C. Callbacks return KILN_OK or a negative status (then
 *  kiln_plugin_set_error says why). `config_json` is the block's configuration after
 *  interpolation, as a JSON object. */
typedef struct kiln_provisioner_vtable {
  unsigned int version; /* KILN_PROVISIONER_VTABLE_VERSION */
  int (*prepare)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);  /* may be NULL */
  int (*provision)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);
  void (*free_payload)(void *payload); /* called once when the registry is freed; may be NULL */
} kiln_provisioner_vtable;
#define KILN_PROVISIONER_VTABLE_VERSION 1
#define KILN_PROVISIONER_VTABLE_INIT {KILN_PROVISIONER_VTABLE_VERSION, NULL, NULL, NULL}

/** A post-processor written in C: it reads the input artifact through kiln_plugin_input_* and
 *  sets its result with kiln_plugin_set_artifact (without one, the input passes through). */
typedef struct kiln_post_processor_vtable {
  unsigned int version; /* KILN_POST_PROCESSOR_VTABLE_VERSION */
  int (*prepare)(void *payload, const char *config_json, kiln_plugin_ctx *ctx); /* may be NULL */
  int (*post_process)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);
  void (*free_payload)(void *payload);
} kiln_post_processor_vtable;
#define KILN_POST_PROCESSOR_VTABLE_VERSION 1
#define KILN_POST_PROCESSOR_VTABLE_INIT {KILN_POST_PROCESSOR_VTABLE_VERSION, NULL, NULL, NULL}

/** A builder written in C: run() makes (or finds) the machine, calls kiln_plugin_provision to
 *  run the build's provisioners, and sets the build's artifact with kiln_plugin_set_artifact. */
typedef struct kiln_builder_vtable {
  unsigned int version; /* KILN_BUILDER_VTABLE_VERSION */
  int (*prepare)(void *payload, const char *config_json, kiln_plugin_ctx *ctx); /* may be NULL */
  int (*run)(void *payload, const char *config_json, kiln_plugin_ctx *ctx);
  void (*free_payload)(void *payload);
} kiln_builder_vtable;
#define KILN_BUILDER_VTABLE_VERSION 1
#define KILN_BUILDER_VTABLE_INIT {KILN_BUILDER_VTABLE_VERSION, NULL, NULL, NULL}

/** A registry holding every built-in plugin; add your own and pass it in kiln_run_options. @since 0.1 */
KILN_API int kiln_registry_new(kiln_registry **out);
/** @since 0.1 */
KILN_API void kiln_registry_free(kiln_registry *r);
/** Registers provisioner `type`; the vtable is copied. KILN_EINVALID if the type exists. @since 0.1 */
KILN_API int kiln_registry_add_provisioner(kiln_registry *r, const char *type, const kiln_provisioner_vtable *vtable,
                                           void *payload);
/** Registers builder `type`; the vtable is copied. @since 0.1 */
KILN_API int kiln_registry_add_builder(kiln_registry *r, const char *type, const kiln_builder_vtable *vtable,
                                       void *payload);
/** Registers post-processor `type`; the vtable is copied. @since 0.1 */
KILN_API int kiln_registry_add_post_processor(kiln_registry *r, const char *type,
                                              const kiln_post_processor_vtable *vtable, void *payload);

/** Shows text to the user as the build's output ("==> build: text"). @since 0.1 */
KILN_API int kiln_plugin_say(kiln_plugin_ctx *ctx, const char *text);
/** Records why the callback is about to fail (copied). @since 0.1 */
KILN_API int kiln_plugin_set_error(kiln_plugin_ctx *ctx, const char *message);
/** 1 when the run was cancelled (poll it in long loops), else 0. @since 0.1 */
KILN_API int kiln_plugin_cancelled(const kiln_plugin_ctx *ctx);
/** The build's name (owned by the context). @since 0.1 */
KILN_API const char *kiln_plugin_build_name(const kiln_plugin_ctx *ctx);
/** Runs `command` on the machine (provisioners only); its output goes to the build's output.
 *  KILN_EINVALID when the build has no communicator. @since 0.1 */
KILN_API int kiln_plugin_exec(kiln_plugin_ctx *ctx, const char *command, int *exit_status);
/** Uploads a local file to the machine (provisioners only). @since 0.1 */
KILN_API int kiln_plugin_upload(kiln_plugin_ctx *ctx, const char *local_path, const char *remote_path);
/** Downloads a file from the machine (provisioners only). @since 0.1 */
KILN_API int kiln_plugin_download(kiln_plugin_ctx *ctx, const char *remote_path, const char *local_path);
/** Runs the build's provisioners (builders only; they get no communicator). @since 0.1 */
KILN_API int kiln_plugin_provision(kiln_plugin_ctx *ctx);
/** The input artifact's id (post-processors only; NULL otherwise). This and kiln_plugin_input_file return
 *  strings owned by `ctx`, each in its own storage: valid until the callback given `ctx` returns. @since 0.1 */
KILN_API const char *kiln_plugin_input_id(const kiln_plugin_ctx *ctx);
/** Number of files of the input artifact. @since 0.1 */
KILN_API size_t kiln_plugin_input_file_count(const kiln_plugin_ctx *ctx);
/** File `i` of the input artifact, or NULL. @since 0.1 */
KILN_API const char *kiln_plugin_input_file(const kiln_plugin_ctx *ctx, size_t i);
/** Sets the artifact of a builder, or a post-processor's output artifact (strings copied);
 *  keep_input (post-processors): keep the input artifact too. @since 0.1 */
KILN_API int kiln_plugin_set_artifact(kiln_plugin_ctx *ctx, const char *id, const char *const *files, size_t file_count,
                                      int keep_input);

/* ---- Runs ----------------------------------------------------------------------------------- */

typedef enum kiln_on_error {
  KILN_ON_ERROR_CLEANUP = 0,
  KILN_ON_ERROR_ABORT = 1,
  KILN_ON_ERROR_ASK = 2, /* without a prompt callback this behaves as CLEANUP */
  KILN_ON_ERROR_RUN_CLEANUP_PROVISIONER = 3
} kiln_on_error;

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
} kiln_run_options;
#define KILN_RUN_OPTIONS_VERSION 1
#define KILN_RUN_OPTIONS_INIT {KILN_RUN_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL}
/** Fills `opts` with defaults for `version`. @since 0.1 */
KILN_API int kiln_run_options_init(kiln_run_options *opts, unsigned int version);

typedef struct kiln_run kiln_run;
typedef struct kiln_result kiln_result;

/** Resolves variables and prepares (validates) every selected build; the template is copied.
 *  Template and configuration errors come back as KILN_ETEMPLATE / KILN_ECONFIG. @since 0.1 */
KILN_API int kiln_run_new(kiln_run **out, const kiln_template *t, const kiln_run_options *opts);
/** Number of builds selected by only/except. @since 0.1 */
KILN_API size_t kiln_run_build_count(const kiln_run *r);
/** Runs every selected build (in parallel up to parallel_builds) and blocks until they end.
 *  Returns KILN_OK when all succeeded, KILN_ECANCELLED when cancelled, KILN_EBUILD otherwise;
 *  `*out` receives the results in every case (free with kiln_result_free). @since 0.1 */
KILN_API int kiln_run_execute(kiln_run *r, kiln_result **out);
/** Cancels a running kiln_run_execute from any thread; cleanup still runs. @since 0.1 */
KILN_API int kiln_run_cancel(kiln_run *r);
/** @since 0.1 */
KILN_API void kiln_run_free(kiln_run *r);

/** @since 0.1 */
KILN_API size_t kiln_result_build_count(const kiln_result *res);
KILN_API const char *kiln_result_build_name(const kiln_result *res, size_t build);
/** 1 when the build succeeded. */
KILN_API int kiln_result_build_ok(const kiln_result *res, size_t build);
/** The build's error ("" when it succeeded). */
KILN_API const char *kiln_result_build_error(const kiln_result *res, size_t build);
KILN_API size_t kiln_result_artifact_count(const kiln_result *res, size_t build);
/** The artifact accessors below return pointers into the result, built once by kiln_run_execute: the same
 *  pointer on every call, valid until kiln_result_free. A result is never changed by reading it, so any
 *  number of threads may call these on one result at once (kiln_result_artifact_destroy does not change
 *  these strings either). */
KILN_API const char *kiln_result_artifact_id(const kiln_result *res, size_t build, size_t artifact);
KILN_API const char *kiln_result_artifact_builder_id(const kiln_result *res, size_t build, size_t artifact);
KILN_API const char *kiln_result_artifact_description(const kiln_result *res, size_t build, size_t artifact);
KILN_API size_t kiln_result_artifact_file_count(const kiln_result *res, size_t build, size_t artifact);
KILN_API const char *kiln_result_artifact_file(const kiln_result *res, size_t build, size_t artifact, size_t file);
/** Deletes what the artifact stands for (files, images): Packer's Destroy. @since 0.1 */
KILN_API int kiln_result_artifact_destroy(kiln_result *res, size_t build, size_t artifact);
/** The results as a manifest (the manifest post-processor's JSON shape); free with kiln_free. @since 0.1 */
KILN_API int kiln_result_manifest_json(const kiln_result *res, char **out);
/** @since 0.1 */
KILN_API void kiln_result_free(kiln_result *res);

#ifdef __cplusplus
}
#endif

#endif /* KILN_H */
