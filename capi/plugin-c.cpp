// kiln_registry_* and kiln_plugin_*: provisioners and post-processors written in C (or in
// Python through ctypes), adapted to kiln's C++ plugin interfaces.
#include <fmt/format.h>

#include "capi/internal.hpp"
#include "capi/versioned.hpp"

namespace {

// The vtable and payload of one registered type; free_payload runs when the last user is gone.
template <class VTable>
struct Registration {
  VTable vtable;
  std::unique_ptr<kiln::capi::Payload> payload;
  void* get() const { return payload ? payload->get() : nullptr; }
};

// Every vtable has had one version so far.
template <class VTable>
constexpr size_t vtable_sizes[] = {sizeof(VTable)};
template <class VTable>
constexpr kiln::capi::VersionedLayout<VTable> vtable_layout{vtable_sizes<VTable>};
static_assert(KILN_PROVISIONER_VTABLE_VERSION == 1 && KILN_BUILDER_VTABLE_VERSION == 1 &&
              KILN_POST_PROCESSOR_VTABLE_VERSION == 1);

// The caller's vtable read by its version over the current defaults; the payload is set once registered.
template <class VTable>
std::shared_ptr<Registration<VTable>> registration(const VTable& caller, const char* name) {
  auto reg = std::make_shared<Registration<VTable>>();
  reg->vtable = VTable{};
  if (!vtable_layout<VTable>.read(caller, reg->vtable))
    throw kiln::Error(fmt::format("{} version not supported by this library", name), kiln::ErrorCode::Version);
  return reg;
}

kiln::Error null_callback(const char* member) {
  return kiln::Error(fmt::format("invalid argument: vtable->{} is NULL", member), kiln::ErrorCode::Invalid);
}

const kiln::Schema& open_schema() {
  static const kiln::Schema schema{{}, true};
  return schema;
}

// Calls a plugin callback and turns its status, or what it threw, into an exception carrying its message.
template <class Callback>
void call(const std::string& type, const char* what, Callback callback, kiln_plugin_ctx& ctx) {
  int rc;
  try {
    rc = callback();
  } catch (...) {
    throw kiln::Error(fmt::format("{} {}: the callback threw: {}", type, what, kiln::capi::current_exception_text()),
                      kiln::ErrorCode::User);
  }
  if (rc == KILN_OK) return;
  std::string message = ctx.error.empty() ? fmt::format("{} {} failed with status {}", type, what, rc) : ctx.error;
  if (rc == KILN_ECANCELLED) throw kiln::Cancelled();
  throw kiln::Error(message, rc == KILN_ECONFIG ? kiln::ErrorCode::Config : kiln::ErrorCode::User);
}

// What the three adapters share: the registration, the type name, and the configuration that
// the plugin receives as JSON, checked by its own prepare callback.
template <class Interface, class VTable>
class CPlugin : public Interface {
 public:
  CPlugin(std::string type, std::shared_ptr<Registration<VTable>> reg) : type_(std::move(type)), reg_(std::move(reg)) {}
  const kiln::Schema& schema() const override { return open_schema(); }
  void prepare(const kiln::Config& config, kiln::Problems& problems) override {
    config_ = config.object().to_json();
    if (!reg_->vtable.prepare) return;
    kiln_plugin_ctx ctx;
    try {
      call(type_, "prepare", [&] { return reg_->vtable.prepare(reg_->get(), config_.c_str(), &ctx); }, ctx);
    } catch (const kiln::Error& e) {
      problems.add(config.object().pos(), config.path(), e.what());
    }
  }

 protected:
  std::string type_;
  std::shared_ptr<Registration<VTable>> reg_;
  std::string config_;
};

class CProvisioner : public CPlugin<kiln::Provisioner, kiln_provisioner_vtable> {
 public:
  using CPlugin::CPlugin;
  void provision(kiln::ProvisionerContext& run) override {
    kiln_plugin_ctx ctx;
    ctx.run = &run;
    ctx.comm = run.comm;
    call(type_, "provision", [&] { return reg_->vtable.provision(reg_->get(), config_.c_str(), &ctx); }, ctx);
  }
};

class CBuilder : public CPlugin<kiln::Builder, kiln_builder_vtable> {
 public:
  using CPlugin::CPlugin;
  kiln::ArtifactPtr run(kiln::BuilderContext& run) override {
    kiln_plugin_ctx ctx;
    ctx.run = &run;
    ctx.hook = run.hook;
    call(type_, "run", [&] { return reg_->vtable.run(reg_->get(), config_.c_str(), &ctx); }, ctx);
    if (ctx.output) ctx.output->builder_id_ = "kiln.c-plugin." + type_;
    return ctx.output;
  }
};

class CPostProcessor : public CPlugin<kiln::PostProcessor, kiln_post_processor_vtable> {
 public:
  using CPlugin::CPlugin;
  kiln::PostProcessResult post_process(kiln::PostProcessorContext& run, kiln::ArtifactPtr input) override {
    kiln_plugin_ctx ctx;
    ctx.run = &run;
    ctx.input = input;
    ctx.input_strings.emplace(*input);
    call(type_, "post_process", [&] { return reg_->vtable.post_process(reg_->get(), config_.c_str(), &ctx); }, ctx);
    if (!ctx.output) return {input, true, false};
    return {ctx.output, ctx.keep_input, false};
  }
};

}  // namespace

extern "C" {

KILN_API int kiln_registry_new(kiln_registry** out) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CAPI_GUARD(*out = new kiln_registry{kiln::Registry::with_builtins()});
}

KILN_API void kiln_registry_free(kiln_registry* r) noexcept { delete r; }

KILN_API int kiln_registry_add_provisioner(kiln_registry* r, const char* type, const kiln_provisioner_vtable* vtable,
                                           void* payload) noexcept {
  KILN_CHECK_ARG(r);
  KILN_CHECK_ARG(type);
  KILN_CHECK_ARG(vtable);
  KILN_CAPI_GUARD({
    auto reg = registration(*vtable, "kiln_provisioner_vtable");
    if (!reg->vtable.provision) throw null_callback("provision");
    std::string name = type;
    r->registry->add_provisioner(name, [name, reg] { return std::make_unique<CProvisioner>(name, reg); });
    // Owned from here on: free_payload runs with the last reference.
    reg->payload = std::make_unique<kiln::capi::Payload>(payload, reg->vtable.free_payload);
  });
}

KILN_API int kiln_registry_add_builder(kiln_registry* r, const char* type, const kiln_builder_vtable* vtable,
                                       void* payload) noexcept {
  KILN_CHECK_ARG(r);
  KILN_CHECK_ARG(type);
  KILN_CHECK_ARG(vtable);
  KILN_CAPI_GUARD({
    auto reg = registration(*vtable, "kiln_builder_vtable");
    if (!reg->vtable.run) throw null_callback("run");
    std::string name = type;
    r->registry->add_builder(name, [name, reg] { return std::make_unique<CBuilder>(name, reg); });
    reg->payload = std::make_unique<kiln::capi::Payload>(payload, reg->vtable.free_payload);
  });
}

KILN_API int kiln_registry_add_post_processor(kiln_registry* r, const char* type,
                                              const kiln_post_processor_vtable* vtable, void* payload) noexcept {
  KILN_CHECK_ARG(r);
  KILN_CHECK_ARG(type);
  KILN_CHECK_ARG(vtable);
  KILN_CAPI_GUARD({
    auto reg = registration(*vtable, "kiln_post_processor_vtable");
    if (!reg->vtable.post_process) throw null_callback("post_process");
    std::string name = type;
    r->registry->add_post_processor(name, [name, reg] { return std::make_unique<CPostProcessor>(name, reg); });
    reg->payload = std::make_unique<kiln::capi::Payload>(payload, reg->vtable.free_payload);
  });
}

KILN_API int kiln_plugin_say(kiln_plugin_ctx* ctx, const char* text) noexcept {
  KILN_CHECK_ARG(ctx);
  KILN_CHECK_ARG(text);
  if (ctx->run) KILN_CAPI_GUARD(ctx->run->ui.say(text));
  return KILN_OK;
}

KILN_API int kiln_plugin_set_error(kiln_plugin_ctx* ctx, const char* message) noexcept {
  KILN_CHECK_ARG(ctx);
  KILN_CHECK_ARG(message);
  KILN_CAPI_GUARD(ctx->error = message);
}

KILN_API int kiln_plugin_cancelled(const kiln_plugin_ctx* ctx) noexcept {
  return ctx && ctx->run && ctx->run->cancel.cancelled() ? 1 : 0;
}

KILN_API const char* kiln_plugin_build_name(const kiln_plugin_ctx* ctx) noexcept {
  return ctx && ctx->run ? ctx->run->build_name.c_str() : "";
}

KILN_API int kiln_plugin_exec(kiln_plugin_ctx* ctx, const char* command, int* exit_status) noexcept {
  KILN_CHECK_ARG(ctx);
  KILN_CHECK_ARG(command);
  KILN_CHECK_ARG(exit_status);
  if (!ctx->comm || !ctx->run) return kiln::capi::set_error(KILN_EINVALID, "this build has no communicator");
  KILN_CAPI_GUARD(*exit_status = ctx->comm->exec(
                      command, [ctx](std::string_view line, bool) { ctx->run->ui.message(line); }, ctx->run->cancel));
}

KILN_API int kiln_plugin_upload(kiln_plugin_ctx* ctx, const char* local_path, const char* remote_path) noexcept {
  KILN_CHECK_ARG(ctx);
  KILN_CHECK_ARG(local_path);
  KILN_CHECK_ARG(remote_path);
  if (!ctx->comm || !ctx->run) return kiln::capi::set_error(KILN_EINVALID, "this build has no communicator");
  KILN_CAPI_GUARD(ctx->comm->upload_file(local_path, remote_path, kiln::TransferOptions{ctx->run->cancel, {}, std::nullopt}));
}

KILN_API int kiln_plugin_download(kiln_plugin_ctx* ctx, const char* remote_path, const char* local_path) noexcept {
  KILN_CHECK_ARG(ctx);
  KILN_CHECK_ARG(remote_path);
  KILN_CHECK_ARG(local_path);
  if (!ctx->comm || !ctx->run) return kiln::capi::set_error(KILN_EINVALID, "this build has no communicator");
  KILN_CAPI_GUARD(ctx->comm->download_file(remote_path, local_path, kiln::TransferOptions{ctx->run->cancel, {}, std::nullopt}));
}

KILN_API int kiln_plugin_provision(kiln_plugin_ctx* ctx) noexcept {
  KILN_CHECK_ARG(ctx);
  if (!ctx->hook) return kiln::capi::set_error(KILN_EINVALID, "only builders run the provisioners");
  KILN_CAPI_GUARD(ctx->hook->provision(nullptr));
}

KILN_API const char* kiln_plugin_input_id(const kiln_plugin_ctx* ctx) noexcept {
  return ctx && ctx->input_strings ? ctx->input_strings->id.c_str() : nullptr;
}

KILN_API size_t kiln_plugin_input_file_count(const kiln_plugin_ctx* ctx) noexcept {
  return ctx && ctx->input_strings ? ctx->input_strings->files.size() : 0;
}

KILN_API const char* kiln_plugin_input_file(const kiln_plugin_ctx* ctx, size_t i) noexcept {
  if (!ctx || !ctx->input_strings || i >= ctx->input_strings->files.size()) return nullptr;
  return ctx->input_strings->files[i].c_str();
}

KILN_API int kiln_plugin_set_artifact(kiln_plugin_ctx* ctx, const char* id, const char* const* files, size_t file_count,
                                      int keep_input) noexcept {
  KILN_CHECK_ARG(ctx);
  KILN_CHECK_ARG(id);
  if (!ctx->input && !ctx->hook) return kiln::capi::set_error(KILN_EINVALID, "only builders and post-processors set an artifact");
  KILN_CAPI_GUARD({
    auto a = std::make_shared<kiln::BasicArtifact>();
    a->builder_id_ = "kiln.c-plugin";
    a->id_ = id;
    for (size_t i = 0; i < file_count; ++i)
      if (files && files[i]) a->files_.emplace_back(files[i]);
    a->description_ = a->files_.empty() ? std::string(id) : fmt::format("{}: {}", id, fmt::join(a->files_, ", "));
    ctx->output = a;
    ctx->keep_input = keep_input != 0;
  });
}

}  // extern "C"
