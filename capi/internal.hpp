// Glue shared by the C API files: handle definitions, the exception barrier, the thread-local last error.
#pragma once

#include <deque>
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

struct kiln_result {
  std::vector<kiln::BuildResult> builds;
  std::vector<std::string> types;  // builder type per build
  std::string run_uuid;
  mutable std::deque<std::string> strings;  // keeps returned strings alive until the result is freed
  const char* keep(std::string s) const { return strings.emplace_back(std::move(s)).c_str(); }
};

struct kiln_plugin_ctx {
  const kiln::RunContext* run = nullptr;
  kiln::Communicator* comm = nullptr;  // provisioners
  kiln::ArtifactPtr input;             // post-processors
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
