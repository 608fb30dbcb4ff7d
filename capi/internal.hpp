// Glue shared by the C API files: handle definitions, the exception barrier, the thread-local last error.
#pragma once

#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "kiln.h"
#include "kiln/build.hpp"
#include "kiln/error.hpp"

struct kiln_template {
  kiln::Template tmpl;
};

struct kiln_registry {
  std::shared_ptr<kiln::Registry> registry;
};

namespace kiln::capi {

// A host payload with its optional free function, run exactly once when the owner lets go.
class Payload {
 public:
  Payload(void* payload, void (*free_payload)(void*)) : payload_(payload), free_(free_payload) {}
  Payload(const Payload&) = delete;
  Payload& operator=(const Payload&) = delete;
  ~Payload();
  void* get() const { return payload_; }

 private:
  void* payload_;
  void (*free_)(void*);
};

// The run's event callback: closed by kiln_run_free, after which no event reaches the host even
// from sinks that outlive the run (artifacts keep the event bus to report kiln_result_artifact_destroy).
class EventTarget {
 public:
  EventTarget(kiln_event_cb cb, void* payload, CancelSource& cancel) : cb_(cb), payload_(payload), cancel_(&cancel) {}
  void deliver(const kiln_event& ev) noexcept;
  // From here on, events are dropped and the payload is freed with `free_payload` (once).
  void close(void (*free_payload)(void*)) noexcept;
  // What the callback threw, "" when it did not.
  std::string failure() const;

 private:
  mutable std::mutex mutex_;
  kiln_event_cb cb_;
  void* payload_;
  CancelSource* cancel_;  // valid until close()
  bool closed_ = false;
  std::string failure_;
};

}  // namespace kiln::capi

struct kiln_run {
  kiln::CancelSource cancel;
  std::shared_ptr<kiln::capi::EventTarget> events;  // null without on_event
  void (*free_event_payload)(void*) = nullptr;
  std::unique_ptr<kiln::capi::Payload> prompt_payload;
  std::shared_ptr<kiln::Registry> registry;  // keeps C plugins alive while the run exists
  std::unique_ptr<kiln::Session> session;
  ~kiln_run();
};

// An artifact's strings, copied once so accessors hand out stable pointers without writing to the result.
struct kiln_artifact_strings {
  std::string id, builder_id, description;
  std::vector<std::string> files;
  explicit kiln_artifact_strings(const kiln::Artifact& a)
      : id(a.id()), builder_id(a.builder_id()), description(a.description()), files(a.files()) {}
};

// Immutable once kiln_run_execute returns it: concurrent readers never write.
struct kiln_result {
  std::vector<kiln::BuildResult> builds;
  std::vector<std::string> types;  // builder type per build
  std::string run_uuid;
  std::vector<std::vector<kiln_artifact_strings>> artifacts;  // per build, per artifact
};

struct kiln_plugin_ctx {
  const kiln::RunContext* run = nullptr;
  kiln::Communicator* comm = nullptr;  // provisioners
  kiln::ArtifactPtr input;             // post-processors
  std::optional<kiln_artifact_strings> input_strings;  // the input's strings, alive as long as the context
  kiln::ProvisionHook* hook = nullptr; // builders
  std::string error;
  std::shared_ptr<kiln::BasicArtifact> output;
  bool keep_input = true;
};

struct kiln_prompt {
  const kiln::Prompt* prompt;
};

namespace kiln::capi {

// Records the error for kiln_last_error() and returns `code`.
int set_error(int code, int klass, const char* message) noexcept;
// The same with the class that usually goes with `code` (error_class).
int set_error(int code, const char* message) noexcept;
int set_oom() noexcept;
// NULL-argument check: sets KILN_EINVALID naming the argument.
int invalid(const char* what) noexcept;
// The kiln_error_class of an ErrorCode.
int error_class(ErrorCode code) noexcept;
// Records the exception in flight (call from a catch block) and returns its status.
int set_current_exception() noexcept;
// What a host callback threw, for the error that fails its build; call from a catch block.
std::string current_exception_text();
// The run's prompt: calls the host's callback, guarded.
PromptFn c_prompt(kiln_prompt_cb cb, void* payload);

}  // namespace kiln::capi

// Wraps an entry point body: returns KILN_OK, or catches everything and returns its status.
#define KILN_CAPI_GUARD(...)                      \
  try {                                           \
    __VA_ARGS__;                                  \
    return KILN_OK;                               \
  } catch (...) {                                 \
    return kiln::capi::set_current_exception();   \
  }

#define KILN_CHECK_ARG(arg) \
  if (!(arg)) return kiln::capi::invalid(#arg)
