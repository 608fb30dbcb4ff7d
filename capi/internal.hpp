// Glue shared by the C API files: handle definitions, the exception barrier, the thread-local last error.
#pragma once

#include <memory>
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

struct kiln_run {
  std::unique_ptr<kiln::Session> session;
  std::shared_ptr<kiln::Registry> registry;  // keeps C plugins alive while the run exists
  kiln::CancelSource cancel;
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

namespace kiln::capi {

// Records the error for kiln_last_error() and returns `code`.
int set_error(int code, const char* message) noexcept;
int set_oom() noexcept;
// NULL-argument check: sets KILN_EINVALID naming the argument.
int invalid(const char* what) noexcept;

}  // namespace kiln::capi

// Wraps an entry point body: returns KILN_OK, or catches everything and returns its status.
#define KILN_CAPI_GUARD(...)                                                              \
  try {                                                                                   \
    __VA_ARGS__;                                                                          \
    return KILN_OK;                                                                       \
  } catch (const kiln::Error& e) {                                                        \
    return kiln::capi::set_error(static_cast<int>(e.code()), e.what());                  \
  } catch (const std::bad_alloc&) {                                                       \
    return kiln::capi::set_oom();                                                         \
  } catch (const std::exception& e) {                                                     \
    return kiln::capi::set_error(KILN_ERROR, e.what());                                   \
  } catch (...) {                                                                         \
    return kiln::capi::set_error(KILN_ERROR, "unknown error");                            \
  }

#define KILN_CHECK_ARG(arg) \
  if (!(arg)) return kiln::capi::invalid(#arg)
