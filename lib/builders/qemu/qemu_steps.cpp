#include "builders/qemu/qemu_steps.hpp"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "builders/qemu/qemu_disk.hpp"
#include "comm/comm_config.hpp"
#include "net/port_range.hpp"
#include "net/vnc/boot_command.hpp"
#include "net/vnc/boot_command_typer.hpp"
#include "net/vnc/rfb_client.hpp"
#include "util/go_duration.hpp"

namespace kiln::qemu {
namespace fs = std::filesystem;

void prepare_output_dir(QemuRun& run) {
  const QemuConfig& c = run.config;
  if (fs::exists(c.output_directory) && c.force) {
    run.ctx.ui.say("Deleting previous output directory...");
    fs::remove_all(c.output_directory);
  }
  fs::create_directories(c.output_directory);
  run.cleanup.push("output directory " + c.output_directory, [&run] {
    if (run.built) return;
    run.ctx.ui.say("Deleting output directory...");
    fs::remove_all(run.config.output_directory);
  });
}

void create_disks(QemuRun& run) {
  const QemuConfig& c = run.config;
  if (!c.disk_additional_size.empty() || c.use_backing_file) run.ctx.ui.say("Creating required virtual machine disks");
  for (const auto& cmd : create_commands(c, run.source)) run_qemu_img(cmd, "Error creating hard drive", run.ctx);
  run.launch.disk_paths = disk_paths(c);
  if (c.disk_image && !c.use_backing_file) {
    if (copy_is_plain(c, run.source)) {
      run.ctx.ui.message("File extension already matches desired output format. Skipping qemu-img convert step");
      fs::copy_file(run.source, run.launch.disk_paths.front(), fs::copy_options::overwrite_existing);
    } else {
      run.ctx.ui.say("Copying hard drive...");
      run_qemu_img(copy_command(c, run.source), "Error creating hard drive", run.ctx);
    }
  }
  if (auto resize = resize_command(c); !resize.empty()) {
    run.ctx.ui.say("Resizing hard drive...");
    run_qemu_img(resize, "Error creating hard drive", run.ctx);
  }
}

void start_http_server(QemuRun& run) {
  const QemuConfig& c = run.config;
  if (c.http_directory.empty() && c.http_content.empty()) return;
  net::HttpServerOptions options;
  options.bind_address = c.http_bind_address;
  options.port_min = c.http_port_min;
  options.port_max = c.http_port_max;
  options.directory = c.http_directory;
  options.content = c.http_content;
  run.http = std::make_unique<net::HttpServer>(options, run.ctx.cancel);
  run.http_port = run.http->port();
  run.ctx.ui.say(fmt::format("Starting HTTP server on port {}", run.http_port));
  run.cleanup.push("HTTP server", [&run] { run.http.reset(); });
}

namespace {

// A port of the range free a moment ago, released at once for qemu to take, as Packer does.
int free_port(const std::string& address, int min, int max, const CancelToken& cancel) {
  net::ListeningPort listening = net::listen_in_port_range(address, min, max, cancel);
  close(listening.fd);
  return listening.port;
}

}  // namespace

void pick_ports(QemuRun& run) {
  const QemuConfig& c = run.config;
  if (c.comm.type == "none") {
    run.ctx.ui.message("No communicator is set; skipping port forwarding setup.");
  } else if (c.skip_nat_mapping) {
    run.launch.comm_host_port = c.comm.ssh.port;
  } else {
    run.launch.comm_host_port = free_port(c.vnc_bind_address, c.host_port_min, c.host_port_max, run.ctx.cancel);
    run.ctx.ui.say(fmt::format("Found port for communicator (SSH, WinRM, etc): {}.", run.launch.comm_host_port));
  }
  run.ctx.ui.say(fmt::format("Looking for available port between {} and {} on {}", c.vnc_port_min, c.vnc_port_max,
                             c.vnc_bind_address));
  run.launch.vnc_port = free_port(c.vnc_bind_address, c.vnc_port_min, c.vnc_port_max, run.ctx.cancel);
}

namespace {

// The host as the guest sees it on qemu's user network ({{ .HTTPIP }}).
constexpr const char* kGuestHostAddress = "10.0.2.2";

std::vector<std::vector<std::string>> render_qemuargs(const QemuRun& run) {
  const QemuConfig& c = run.config;
  InterpContext interp = run.ctx.interp;
  interp.data = {{"HTTPIP", kGuestHostAddress}, {"HTTPPort", std::to_string(run.http_port)}, {"HTTPDir", c.http_directory},
                 {"OutputDir", c.output_directory}, {"Name", c.vm_name},
                 {"SSHHostPort", std::to_string(c.comm.type == "none" ? 0 : run.launch.comm_host_port)}};
  std::vector<std::vector<std::string>> rows;
  for (const Value& row : c.qemuargs.items()) {
    auto& out = rows.emplace_back();
    for (const Value& item : row.items())
      out.push_back(interpolate_fully(item.is_string() ? item.as_string() : item.to_json(), interp));
  }
  return rows;
}

}  // namespace

namespace {

// Between picking a free port and qemu listening on it, another program can take it (Packer's race,
// seen with builds side by side): qemu then exits at once, and kiln picks again this many times.
constexpr int kLaunchesForPorts = 5;

// qemu 7's messages for a taken VNC port and a taken host forwarding port.
bool lost_a_picked_port(std::string_view report) {
  return (report.find("-vnc ") != std::string_view::npos &&
          report.find("Failed to find an available port") != std::string_view::npos) ||
         report.find("Could not set up host forwarding rule") != std::string_view::npos;
}

}  // namespace

void start_vm(QemuRun& run) {
  const QemuConfig& c = run.config;
  const Ui& ui = run.ctx.ui;
  ui.say(c.disk_image ? "Starting VM, booting disk image" : "Starting VM, booting from CD-ROM");
  if (c.accelerator == "none")
    ui.message("WARNING: The VM will be started with no hardware acceleration.\nThe installation may take considerably "
               "longer to finish.\n");
  if (c.headless)
    ui.message(fmt::format("The VM will be run headless, without a GUI. If you want to\nview the screen of the VM, "
                           "connect via VNC without a password to\nvnc://{}:{}",
                           c.vnc_bind_address, run.launch.vnc_port - c.vnc_port_min));
  if (!c.qemuargs.items().empty()) ui.say("Overriding default Qemu arguments with qemuargs template option...");
  run.cleanup.push("qemu process", [&run] {
    if (run.vm) run.vm->kill();
  });
  for (int launch = 1;; ++launch) {
    ProcessSpec spec;
    spec.argv = {c.qemu_binary};
    for (auto& a : qemu_arguments(c, run.launch, render_qemuargs(run))) spec.argv.push_back(std::move(a));
    spec.environment = run.ctx.environment.get();
    spec.on_line = [ui](std::string_view line, bool) { ui.message(fmt::format("Qemu: {}", line)); };
    ui.message(fmt::format("Executing {}", fmt::join(spec.argv, " ")));
    run.vm = std::make_unique<QemuProcess>(std::move(spec));
    // As Packer: a qemu that ends within 2 seconds failed to start.
    if (!run.vm->wait_exit(std::chrono::seconds(2), run.ctx.cancel)) break;
    std::string report = run.vm->exit_report();
    if (launch == kLaunchesForPorts || !lost_a_picked_port(report))
      throw Error(fmt::format("Error launching VM: Qemu failed to start: {}", report), ErrorCode::Build);
    ui.say("Qemu could not listen on a port picked for it: taken since. Picking new ports...");
    pick_ports(run);
  }
  run.ctx.cancel.throw_if_cancelled();
}

void type_boot_command(QemuRun& run) {
  const QemuConfig& c = run.config;
  if (c.disable_vnc) return;
  if (c.boot_wait.count() > 0) {
    run.ctx.ui.say(fmt::format("Waiting {} for boot...", go_duration_string(c.boot_wait)));
    if (!run.ctx.cancel.wait_for(c.boot_wait)) throw Cancelled();
  }
  if (c.boot_command.empty()) return;
  // qemu serves display N on 5900 + N, and Packer numbers the display from vnc_port_min.
  int port = 5900 + run.launch.vnc_port - c.vnc_port_min;
  run.ctx.ui.say(fmt::format("Connecting to VM via VNC ({}:{})", c.vnc_bind_address, port));
  vnc::RfbClient screen(c.vnc_bind_address, port, std::chrono::seconds(30), run.ctx.cancel);
  run.ctx.ui.say("Typing the boot command over VNC...");
  InterpContext interp = run.ctx.interp;
  interp.data = {{"HTTPIP", kGuestHostAddress}, {"HTTPPort", std::to_string(run.http_port)}, {"Name", c.vm_name}};
  std::string joined;
  for (const auto& part : c.boot_command) joined += part;
  std::string command = interpolate_fully(joined, interp);
  vnc::BootCommand parsed;
  try {
    parsed = vnc::parse_boot_command(command);
  } catch (const vnc::BootCommandSyntaxError& e) {
    throw Error(fmt::format("Error generating boot command: {}", e.what()), ErrorCode::Build);
  }
  vnc::type_boot_command(parsed, screen, vnc::boot_key_interval(c.boot_key_interval, *run.ctx.environment),
                         run.ctx.cancel);
}

std::unique_ptr<Communicator> connect_vm(QemuRun& run) {
  CommSettings settings = run.config.comm;
  if (run.ctx.generated) {
    // As Packer's provision hook data: the HTTP server as the guest reaches it (port 0 without one).
    auto& g = *run.ctx.generated;
    g["PackerHTTPIP"] = kGuestHostAddress;
    g["PackerHTTPPort"] = std::to_string(run.http_port);
    g["PackerHTTPAddr"] = fmt::format("{}:{}", kGuestHostAddress, run.http_port);
  }
  if (settings.type == "none") return nullptr;
  if (settings.ssh.host.empty()) settings.ssh.host = "127.0.0.1";
  settings.ssh.port = run.launch.comm_host_port;
  if (run.ctx.generated) {
    auto& g = *run.ctx.generated;
    g["ConnType"] = settings.type;
    g["Host"] = settings.ssh.host;
    g["Port"] = std::to_string(settings.ssh.port);
    g["User"] = settings.ssh.username;
    g["Password"] = settings.ssh.password;
    g["SSHPrivateKeyFile"] = settings.ssh.private_key_file;
  }
  return connect_communicator(settings, run.ctx);
}

void shut_down(QemuRun& run, Communicator* comm) {
  const QemuConfig& c = run.config;
  const Ui& ui = run.ctx.ui;
  if (c.comm.type == "none") {
    ui.say("Waiting for shutdown...");
    if (!run.vm->wait_exit(c.shutdown_timeout, run.ctx.cancel)) {
      run.ctx.cancel.throw_if_cancelled();
      throw Error("Failed to shutdown", ErrorCode::Build);
    }
    return;
  }
  if (c.shutdown_command.empty()) {
    ui.say("Halting the virtual machine...");
    run.vm->kill();
    return;
  }
  ui.say("Gracefully halting virtual machine...");
  try {
    comm->exec(c.shutdown_command, ui.output_lines(), run.ctx.cancel);
  } catch (const CommError& e) {
    // The guest going down may drop the session before the command reports back, as Packer allows.
    ui.message(fmt::format("The shutdown command's session ended: {}", e.what()));
  }
  if (!run.vm->wait_exit(c.shutdown_timeout, run.ctx.cancel)) {
    run.ctx.cancel.throw_if_cancelled();
    throw Error("Timeout while waiting for machine to shut down.", ErrorCode::Build);
  }
}

void convert_disk(QemuRun& run) {
  auto cmd = convert_command(run.config);
  if (cmd.empty()) return;
  run.ctx.ui.say("Converting hard drive...");
  std::string disk = disk_paths(run.config).front();
  for (int attempt = 1;; ++attempt) {
    try {
      run_qemu_img(cmd, "Error converting hard drive", run.ctx);
      break;
    } catch (const Error& e) {
      // qemu may still hold the image's lock for a moment after it exits.
      if (std::string(e.what()).find("Failed to get shared \"write\" lock") == std::string::npos || attempt == 10) throw;
      run.ctx.ui.say("Error getting file lock for conversion; retrying...");
      if (!run.ctx.cancel.wait_for(std::chrono::seconds(attempt))) throw Cancelled();
    }
  }
  std::error_code ec;
  fs::rename(disk + ".convert", disk, ec);
  if (ec) throw Error(fmt::format("Error moving converted hard drive: {}", ec.message()), ErrorCode::Build);
}

}  // namespace kiln::qemu
