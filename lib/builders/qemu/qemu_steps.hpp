// The steps of one qemu build, in Packer 1.6.6's order; each registers its undo on `cleanup`.
#pragma once

#include <memory>

#include "builders/qemu/qemu_command.hpp"
#include "builders/qemu/qemu_process.hpp"
#include "kiln/plugin.hpp"
#include "net/http_server.hpp"

namespace kiln::qemu {

struct QemuRun {
  const QemuConfig& config;
  BuilderContext& ctx;
  CleanupStack& cleanup;
  LaunchState launch;
  std::string source;          // the fetched ISO or disk image
  bool built = false;          // the output directory survives only a finished build
  std::unique_ptr<net::HttpServer> http;  // serves http_directory while the build runs
  int http_port = 0;                       // {{ .HTTPPort }}: 0 without http_directory
  std::unique_ptr<QemuProcess> vm;
};

void prepare_output_dir(QemuRun& run);
void create_disks(QemuRun& run);
void start_http_server(QemuRun& run);
void pick_ports(QemuRun& run);
void start_vm(QemuRun& run);
// boot_wait, then boot_command typed over VNC.
void type_boot_command(QemuRun& run);
std::unique_ptr<Communicator> connect_vm(QemuRun& run);
void shut_down(QemuRun& run, Communicator* comm);
void convert_disk(QemuRun& run);

}  // namespace kiln::qemu
