// amazon-chroot's configuration (Packer 1.6.6's defaults, late fields and validation) and the chroot
// communicator's command line, without EC2 or root: the whole builder runs in aws/chroot.
#include <doctest/doctest.h>

#include <algorithm>

#include "builders/amazon/chroot_config.hpp"
#include "comm/chroot/chroot_communicator.hpp"
#include "kiln/config.hpp"
#include "kiln/interpolate.hpp"

using namespace kiln;
using namespace kiln::amazon;

namespace {

ChrootConfig decode(const std::string& json, Problems& problems) {
  InterpContext ctx;
  ctx.run = make_run_constants();
  ctx.build = build_placeholder_data();
  Config raw = decode_config(parse_json(json, "t.json").value, chroot_schema(), ctx, "builders[0]", problems);
  return decode_chroot_config(raw, problems);
}

std::string messages(const Problems& problems) {
  std::string all;
  for (const auto& p : problems.list()) all += p.str() + "\n";
  return all;
}

}  // namespace

TEST_CASE("Packer's defaults; mount_path, the wrapper and the commands stay templates for the steps") {
  Problems problems;
  ChrootConfig c = decode(R"({"region": "us-east-1", "ami_name": "kiln {{timestamp}}", "source_ami": "ami-1",
    "mount_path": "/mnt/x/{{.Device}}", "pre_mount_commands": ["echo {{.Device}}"]})", problems);
  CHECK(messages(problems) == "");
  REQUIRE(c.chroot_mounts.size() == 5);
  CHECK(c.chroot_mounts[2] == std::array<std::string, 3>{"bind", "/dev", "/dev"});
  CHECK(c.chroot_mounts[4][2] == "/proc/sys/fs/binfmt_misc");
  CHECK(c.copy_files == std::vector<std::string>{"/etc/resolv.conf"});
  CHECK(c.command_wrapper == "{{.Command}}");
  CHECK(c.mount_path == "/mnt/x/{{.Device}}");
  CHECK(c.pre_mount_commands == std::vector<std::string>{"echo {{.Device}}"});
  CHECK(c.mount_partition == "1");
  CHECK(c.architecture == "x86_64");
  CHECK(c.ami.ami_name.rfind("kiln ", 0) == 0);  // not late: rendered at prepare time
  CHECK(c.ami.source_ami == "ami-1");
}

TEST_CASE("copy_files: an empty list copies nothing; from_scratch copies nothing by default") {
  Problems problems;
  CHECK(decode(R"({"ami_name": "abc", "source_ami": "ami-1", "copy_files": []})", problems).copy_files.empty());
  ChrootConfig scratch = decode(R"({"ami_name": "abc", "from_scratch": true, "root_volume_size": 2,
    "pre_mount_commands": ["parted {{.Device}}"], "ami_virtualization_type": "hvm", "root_device_name": "/dev/xvda",
    "ami_block_device_mappings": [{"device_name": "/dev/xvda", "volume_size": 2}], "source_ami": "ami-1"})", problems);
  CHECK(messages(problems) == "");
  CHECK(scratch.copy_files.empty());
  CHECK(problems.warnings() == std::vector<std::string>{"source_ami and source_ami_filter are unused when from_scratch is true"});
}

TEST_CASE("Packer 1.6.6's validation messages, all at once") {
  Problems problems;
  decode(R"({"ami_name": "abc", "from_scratch": true, "chroot_mounts": [["proc", "/proc"]], "ami_architecture": "sparc"})",
         problems);
  std::string all = messages(problems);
  for (const char* m : {"builders[0].chroot_mounts: Each chroot_mounts entry should be three elements.",
                        "root_volume_size is required with from_scratch.", "pre_mount_commands is required with from_scratch.",
                        "ami_virtualization_type is required with from_scratch.", "root_device_name is required with from_scratch.",
                        "ami_block_device_mappings is required with from_scratch.",
                        "The only valid ami_architecture values are \"x86_64\" and \"arm64\""})
    CHECK_MESSAGE(all.find(m) != std::string::npos, m, "\n", all);

  Problems source;
  decode(R"({"ami_name": "abc", "root_device_name": "/dev/xvda", "root_volume_kms_key_id": "k",
    "root_volume_encrypt_boot": false, "instance_type": "t2.micro"})", source);
  all = messages(source);
  for (const char* m : {"source_ami or source_ami_filter is required.",
                        "If root_device_name is specified, ami_block_device_mappings must be specified",
                        "If you have set root_volume_kms_key_id, root_volume_encrypt_boot must also be true.",
                        "unknown key \"instance_type\""})
    CHECK_MESSAGE(all.find(m) != std::string::npos, m, "\n", all);
}

TEST_CASE("the chroot communicator runs chroot through the wrapper with the command Go-quoted, as Packer") {
  Environment env;
  // A wrapper that prints the host command line instead of running it.
  chroot::HostShell shell{[](const std::string& command) { return "cat <<'KILN_EOF'\n" + command + "\nKILN_EOF"; }, &env};
  chroot::ChrootCommunicator comm("/mnt/vol", shell);
  std::vector<std::string> lines;
  int status = comm.exec("echo \"hi\"\tthere $HOME", [&](std::string_view line, bool) { lines.emplace_back(line); }, {});
  CHECK(status == 0);
  CHECK(lines == std::vector<std::string>{R"(chroot /mnt/vol /bin/sh -c "echo \"hi\"\tthere $HOME")"});
}
