// The qemu command line as Packer 1.6.6's stepRun builds it: default options, then the qemuargs
// rows replacing every default of the same option.
#pragma once

#include <string>
#include <vector>

#include "builders/qemu/qemu_config.hpp"

namespace kiln::qemu {

// What the steps before the launch decided.
struct LaunchState {
  std::vector<std::string> disk_paths;  // output_directory/vm_name, then vm_name-1 …
  std::string iso_path;                 // the source ISO (not attached with disk_image)
  int comm_host_port = 0;               // 0: no forward (communicator none)
  int vnc_port = 0;
  std::string cd_path;                  // the ISO made of cd_files ("" without)
};

// Options in Packer's order of defaults (Packer's own order varies from run to run: it walks a Go
// map). `user_rows` are the already-rendered qemuargs rows: the first element names the option,
// the rest are joined without separator into its value; a row with no value gives a bare option.
std::vector<std::string> qemu_arguments(const QemuConfig& config, const LaunchState& state,
                                        const std::vector<std::vector<std::string>>& user_rows);

}  // namespace kiln::qemu
