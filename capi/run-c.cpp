// kiln_run_* and kiln_result_*: preparing and running builds, reading their results.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "capi/internal.hpp"
#include "capi/versioned.hpp"

namespace {

int event_kind(kiln::EventKind k) {
  switch (k) {
    case kiln::EventKind::Say: return KILN_EVENT_SAY;
    case kiln::EventKind::Message: return KILN_EVENT_MESSAGE;
    case kiln::EventKind::Error: return KILN_EVENT_ERROR;
    case kiln::EventKind::Progress: return KILN_EVENT_PROGRESS;
    case kiln::EventKind::BuildStart: return KILN_EVENT_BUILD_START;
    case kiln::EventKind::BuildEnd: return KILN_EVENT_BUILD_END;
    case kiln::EventKind::Artifact: return KILN_EVENT_ARTIFACT;
    case kiln::EventKind::Machine: return KILN_EVENT_MACHINE;
    case kiln::EventKind::Warning: return KILN_EVENT_WARNING;
  }
  return KILN_EVENT_MESSAGE;
}

// Forwards events to the run's callback while the run exists.
class CallbackSink : public kiln::EventSink {
 public:
  explicit CallbackSink(std::shared_ptr<kiln::capi::EventTarget> target) : target_(std::move(target)) {}
  void deliver(const kiln::Event& e) override {
    kiln_event ev{KILN_EVENT_VERSION, event_kind(e.kind), e.build.c_str(), e.text.c_str(), e.done, e.total,
                  std::chrono::duration<double>(e.time.time_since_epoch()).count()};
    target_->deliver(ev);
  }

 private:
  std::shared_ptr<kiln::capi::EventTarget> target_;
};

constexpr size_t run_options_sizes[] = {KILN_PREFIX_SIZE(kiln_run_options, registry), sizeof(kiln_run_options)};
static_assert(std::size(run_options_sizes) == KILN_RUN_OPTIONS_VERSION);
constexpr kiln::capi::VersionedLayout<kiln_run_options> run_options_layout{run_options_sizes};

std::vector<std::string> strings(const char* const* list, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i)
    if (list && list[i]) out.emplace_back(list[i]);
  return out;
}

const kiln::ArtifactPtr* artifact_at(const kiln_result* res, size_t build, size_t artifact) {
  if (!res || build >= res->builds.size() || artifact >= res->builds[build].artifacts.size()) return nullptr;
  return &res->builds[build].artifacts[artifact];
}

const kiln_artifact_strings* strings_at(const kiln_result* res, size_t build, size_t artifact) {
  if (!res || build >= res->artifacts.size() || artifact >= res->artifacts[build].size()) return nullptr;
  return &res->artifacts[build][artifact];
}

int unsupported_version() {
  return kiln::capi::set_error(KILN_EVERSION, "kiln_run_options version not supported by this library");
}

}  // namespace

namespace kiln::capi {

Payload::~Payload() {
  if (!free_) return;
  try {
    free_(payload_);
  } catch (...) {
    // Nowhere to report it: the payload's owner is letting go.
  }
}

void EventTarget::deliver(const kiln_event& ev) noexcept {
  std::lock_guard lock(mutex_);
  if (closed_ || !failure_.empty()) return;
  try {
    cb_(&ev, payload_);
  } catch (...) {
    try {
      failure_ = "the event callback threw: " + current_exception_text();
    } catch (...) {
      failure_ = "the event callback threw";
    }
    cancel_->cancel();
  }
}

void EventTarget::close(void (*free_payload)(void*)) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    cancel_ = nullptr;
  }
  Payload released(payload_, free_payload);
}

std::string EventTarget::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace kiln::capi

kiln_run::~kiln_run() {
  if (events) events->close(free_event_payload);
}

extern "C" {

KILN_API int kiln_run_options_init(kiln_run_options* opts, unsigned int version) noexcept {
  KILN_CHECK_ARG(opts);
  const kiln_run_options defaults = KILN_RUN_OPTIONS_INIT;
  if (!run_options_layout.write(*opts, defaults, version)) return unsupported_version();
  return KILN_OK;
}

KILN_API int kiln_run_new(kiln_run** out, const kiln_template* t, const kiln_run_options* opts) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CHECK_ARG(t);
  kiln_run_options c = KILN_RUN_OPTIONS_INIT;
  if (opts && !run_options_layout.read(*opts, c)) return unsupported_version();
  KILN_CAPI_GUARD({
    auto run = std::make_unique<kiln_run>();
    kiln::BuildOptions o;
    for (const auto& f : strings(c.var_files, c.var_file_count)) o.variables.add_file(f);
    for (const auto& kv : strings(c.vars, c.var_count)) {
      auto eq = kv.find('=');
      if (eq == std::string::npos) throw kiln::Error("variable \"" + kv + "\" is not key=value", kiln::ErrorCode::Invalid);
      o.variables.add_var(kv.substr(0, eq), kv.substr(eq + 1));
    }
    o.only = strings(c.only, c.only_count);
    o.except = strings(c.except, c.except_count);
    if (c.on_error < KILN_ON_ERROR_CLEANUP || c.on_error > KILN_ON_ERROR_RUN_CLEANUP_PROVISIONER)
      throw kiln::Error("on_error is not a kiln_on_error value", kiln::ErrorCode::Invalid);
    o.on_error = c.on_error == KILN_ON_ERROR_ASK ? kiln::OnError::Cleanup : static_cast<kiln::OnError>(c.on_error);
    o.parallel_builds = c.parallel_builds;
    o.force = c.force != 0;
    o.debug = c.debug != 0;
    run->registry = c.registry ? c.registry->registry : kiln::Registry::with_builtins();
    o.registry = run->registry;
    o.events = std::make_shared<kiln::EventBus>();
    if (c.on_event) {
      run->events = std::make_shared<kiln::capi::EventTarget>(c.on_event, c.event_payload, run->cancel);
      o.events->add_sink(std::make_shared<CallbackSink>(run->events));
    }
    if (c.on_prompt) o.prompt = kiln::capi::c_prompt(c.on_prompt, c.prompt_payload);
    o.cancel = run->cancel.token();
    run->session = std::make_unique<kiln::Session>(t->tmpl, std::move(o));
    run->session->prepare();
    // The payloads are the run's from here on.
    run->free_event_payload = c.free_event_payload;
    run->prompt_payload = std::make_unique<kiln::capi::Payload>(c.prompt_payload, c.free_prompt_payload);
    *out = run.release();
  });
}

KILN_API size_t kiln_run_build_count(const kiln_run* r) noexcept { return r ? r->session->builds().size() : 0; }

KILN_API int kiln_run_execute(kiln_run* r, kiln_result** out) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CHECK_ARG(r);
  try {
    auto res = std::make_unique<kiln_result>();
    res->builds = r->session->run();
    for (const auto& b : r->session->builds()) res->types.push_back(b->type());
    res->run_uuid = r->session->run_uuid();
    for (const auto& b : res->builds) {
      auto& copies = res->artifacts.emplace_back();
      for (const auto& art : b.artifacts) copies.emplace_back(*art);
    }
    bool cancelled = r->cancel.cancelled(), failed = false;
    std::string first_error;
    for (const auto& b : res->builds)
      if (!b.ok && !failed) {
        failed = true;
        first_error = b.name + ": " + b.error;
      }
    *out = res.release();
    std::string callback_failure = r->events ? r->events->failure() : "";
    if (!callback_failure.empty()) return kiln::capi::set_error(KILN_EUSER, callback_failure.c_str());
    if (cancelled) return kiln::capi::set_error(KILN_ECANCELLED, "the run was cancelled");
    if (failed) return kiln::capi::set_error(KILN_EBUILD, first_error.c_str());
    return KILN_OK;
  } catch (...) {
    return kiln::capi::set_current_exception();
  }
}

KILN_API int kiln_run_cancel(kiln_run* r) noexcept {
  KILN_CHECK_ARG(r);
  r->cancel.cancel();
  return KILN_OK;
}

KILN_API void kiln_run_free(kiln_run* r) noexcept { delete r; }

KILN_API size_t kiln_result_build_count(const kiln_result* res) noexcept { return res ? res->builds.size() : 0; }

KILN_API const char* kiln_result_build_name(const kiln_result* res, size_t b) noexcept {
  return res && b < res->builds.size() ? res->builds[b].name.c_str() : nullptr;
}

KILN_API int kiln_result_build_ok(const kiln_result* res, size_t b) noexcept {
  return res && b < res->builds.size() && res->builds[b].ok ? 1 : 0;
}

KILN_API const char* kiln_result_build_error(const kiln_result* res, size_t b) noexcept {
  return res && b < res->builds.size() ? res->builds[b].error.c_str() : nullptr;
}

KILN_API size_t kiln_result_artifact_count(const kiln_result* res, size_t b) noexcept {
  return res && b < res->builds.size() ? res->builds[b].artifacts.size() : 0;
}

KILN_API const char* kiln_result_artifact_id(const kiln_result* res, size_t b, size_t a) noexcept {
  auto* art = strings_at(res, b, a);
  return art ? art->id.c_str() : nullptr;
}

KILN_API const char* kiln_result_artifact_builder_id(const kiln_result* res, size_t b, size_t a) noexcept {
  auto* art = strings_at(res, b, a);
  return art ? art->builder_id.c_str() : nullptr;
}

KILN_API const char* kiln_result_artifact_description(const kiln_result* res, size_t b, size_t a) noexcept {
  auto* art = strings_at(res, b, a);
  return art ? art->description.c_str() : nullptr;
}

KILN_API size_t kiln_result_artifact_file_count(const kiln_result* res, size_t b, size_t a) noexcept {
  auto* art = strings_at(res, b, a);
  return art ? art->files.size() : 0;
}

KILN_API const char* kiln_result_artifact_file(const kiln_result* res, size_t b, size_t a, size_t f) noexcept {
  auto* art = strings_at(res, b, a);
  return art && f < art->files.size() ? art->files[f].c_str() : nullptr;
}

KILN_API int kiln_result_artifact_destroy(kiln_result* res, size_t b, size_t a) noexcept {
  KILN_CHECK_ARG(res);
  auto* art = artifact_at(res, b, a);
  if (!art) return kiln::capi::set_error(KILN_ENOTFOUND, KILN_ERROR_CLASS_INVALID, "no such build or artifact");
  KILN_CAPI_GUARD((*art)->destroy());
}

KILN_API int kiln_result_manifest_json(const kiln_result* res, char** out) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CHECK_ARG(res);
  KILN_CAPI_GUARD({
    rapidjson::StringBuffer buf;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("builds");
    w.StartArray();
    for (size_t b = 0; b < res->builds.size(); ++b) {
      for (const auto& art : res->builds[b].artifacts) {
        w.StartObject();
        w.Key("name");
        w.String(res->builds[b].name);
        w.Key("builder_type");
        w.String(b < res->types.size() ? res->types[b] : "");
        w.Key("build_time");
        w.Int64(static_cast<int64_t>(std::time(nullptr)));
        w.Key("files");
        w.StartArray();
        for (const auto& f : art->files()) {
          std::error_code ec;
          w.StartObject();
          w.Key("name");
          w.String(f);
          w.Key("size");
          w.Int64(static_cast<int64_t>(std::filesystem::file_size(f, ec)));
          w.EndObject();
        }
        w.EndArray();
        w.Key("artifact_id");
        w.String(art->id());
        w.Key("packer_run_uuid");
        w.String(res->run_uuid);
        w.Key("custom_data");
        w.Null();
        w.EndObject();
      }
    }
    w.EndArray();
    w.Key("last_run_uuid");
    w.String(res->run_uuid);
    w.EndObject();
    char* copy = static_cast<char*>(std::malloc(buf.GetSize() + 1));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, buf.GetString(), buf.GetSize() + 1);
    *out = copy;
  });
}

KILN_API void kiln_result_free(kiln_result* res) noexcept { delete res; }

}  // extern "C"
