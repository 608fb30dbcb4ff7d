#include "builders/qemu/qemu_builder.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "builders/qemu/cd_image.hpp"
#include "builders/qemu/iso_fetch.hpp"
#include "builders/qemu/qemu_steps.hpp"

namespace kiln::qemu {
namespace {

// Packer's qemu artifact: every file under output_directory, id "VM".
ArtifactPtr make_artifact(const QemuConfig& c) {
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "transcend.qemu";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(c.output_directory))
    if (!entry.is_directory()) artifact->files_.push_back(entry.path().string());
  std::sort(artifact->files_.begin(), artifact->files_.end());
  artifact->id_ = "VM";
  artifact->description_ = fmt::format("VM files in directory: {}", c.output_directory);
  artifact->state_ = {{"diskName", c.vm_name}, {"diskType", c.format}, {"diskSize", c.disk_size},
                      {"domainType", c.accelerator}};
  artifact->on_destroy = [dir = c.output_directory] { std::filesystem::remove_all(dir); };
  return artifact;
}

}  // namespace

ArtifactPtr QemuBuilder::run(BuilderContext& ctx) {
  CleanupStack cleanup(ctx.ui);
  QemuRun run{config_, ctx, cleanup, {}, {}, false, nullptr, 0, nullptr};
  try {
    ctx.debug_pause("StepDownload");
    run.source = fetch_iso(config_, ctx);
    run.launch.iso_path = run.source;
    ctx.debug_pause("stepPrepareOutputDir");
    prepare_output_dir(run);
    ctx.debug_pause("StepCreateCD");
    run.launch.cd_path = create_cd_image(config_.cd_files, config_.cd_label, ctx, cleanup);
    ctx.debug_pause("stepCreateDisk");
    create_disks(run);
    ctx.debug_pause("StepHTTPServer");
    start_http_server(run);
    ctx.debug_pause("stepPortForward");
    pick_ports(run);
    ctx.debug_pause("stepRun");
    start_vm(run);
    ctx.debug_pause("stepTypeBootCommand");
    type_boot_command(run);
    ctx.debug_pause("StepConnect");
    std::unique_ptr<Communicator> comm = connect_vm(run);
    ctx.debug_pause("StepProvision");
    ctx.hook->provision(comm.get());
    ctx.debug_pause("stepShutdown");
    shut_down(run, comm.get());
    comm.reset();
    ctx.debug_pause("stepConvertDisk");
    convert_disk(run);
    ArtifactPtr artifact = make_artifact(config_);
    run.built = true;
    ctx.finish(cleanup, false);
    return artifact;
  } catch (...) {
    ctx.finish(cleanup, true);
    throw;
  }
}

}  // namespace kiln::qemu
