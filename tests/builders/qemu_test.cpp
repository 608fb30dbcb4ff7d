// The qemu builder without a VM: Packer 1.6.6's defaults and checks, the qemu command line (the
// pairs Packer 1.6.6 ran for the same template, recorded with PACKER_LOG=1), the qemu-img commands
// and go-getter's checksum forms. The builder's runs are in tests/qemu.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "builders/qemu/iso_checksum.hpp"
#include "builders/qemu/qemu_command.hpp"
#include "builders/qemu/qemu_config.hpp"
#include "builders/qemu/qemu_disk.hpp"
#include "kiln/interpolate.hpp"
#include "util/digest.hpp"

using namespace kiln;
using namespace kiln::qemu;
using Strings = std::vector<std::string>;

namespace {

QemuConfig decode(const std::string& json, Problems& problems, bool force = false) {
  InterpContext ctx;
  ctx.run = make_run_constants();
  Config raw = decode_config(parse_json(json, "t.json").value, qemu_schema(), ctx, "builders[0]", problems);
  raw.set_build("vm1", force);
  return decode_qemu_config(raw, problems);
}

std::string messages(const Problems& problems) {
  std::string all;
  for (const auto& p : problems.list()) all += p.message + "\n";
  return all;
}

std::vector<std::vector<std::string>> rows(const Value& qemuargs) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : qemuargs.items()) {
    auto& r = out.emplace_back();
    for (const auto& item : row.items()) r.push_back(item.as_string());
  }
  return out;
}

}  // namespace

TEST_CASE("Packer's defaults, named after the build") {
  Problems problems;
  QemuConfig c = decode(R"({"iso_url": "a.iso", "iso_checksum": "none", "communicator": "none", "memory": 5,
                            "cpus": 0, "disk_size": "2048"})", problems);
  CHECK(messages(problems) == "");
  CHECK(c.output_directory == "output-vm1");
  CHECK(c.vm_name == "packer-vm1");
  CHECK(c.disk_size == "2048M");
  CHECK(c.memory == 512);
  CHECK(c.cpus == 1);
  CHECK(c.format == "qcow2");
  CHECK(c.disk_interface == "virtio");
  CHECK(c.net_device == "virtio-net");
  CHECK(c.machine_type == "pc");
  CHECK((c.accelerator == "kvm" || c.accelerator == "tcg"));
  CHECK(c.boot_wait == std::chrono::seconds(10));
  CHECK(c.shutdown_timeout == std::chrono::minutes(5));
  CHECK(c.host_port_min == 2222);
  CHECK(c.host_port_max == 4444);
  CHECK(c.vnc_port_min == 5900);
  CHECK(c.http_port_max == 9000);
  REQUIRE(problems.warnings().size() == 1);
  CHECK(problems.warnings()[0].find("A checksum of 'none' was specified") == 0);
  CHECK(decode(R"({"iso_url": "a", "iso_checksum": "none", "communicator": "none"})", problems).disk_size == "40960M");
}

TEST_CASE("raw images are never compacted; use_backing_file skips compaction") {
  Problems problems;
  QemuConfig raw = decode(R"({"iso_url": "a", "iso_checksum": "none", "communicator": "none", "format": "raw",
                              "disk_compression": true})", problems);
  CHECK(raw.skip_compaction);
  CHECK_FALSE(raw.disk_compression);
  CHECK(convert_command(raw).empty());
  QemuConfig backed = decode(R"({"iso_url": "a", "iso_checksum": "none", "communicator": "none", "disk_image": true,
                                 "use_backing_file": true})", problems);
  CHECK(messages(problems) == "");
  CHECK(backed.skip_compaction);
  CHECK(create_commands(backed, "src.img") ==
        std::vector<Strings>{{"create", "-f", "qcow2", "-b", "src.img", "output-vm1/packer-vm1", "40960M"}});
  CHECK(copy_command(backed, "src.img").empty());
}

TEST_CASE("Packer 1.6.6's messages, all of them") {
  Problems problems;
  decode(R"({"iso_url": "a", "iso_checksum": "none", "disk_size": "10X", "format": "vmdk", "accelerator": "foo",
             "disk_interface": "sata", "vnc_port_min": 7000, "vnc_port_max": 6000, "host_port_min": 5000,
             "host_port_max": 4000, "http_port_min": 9, "http_port_max": 8, "use_backing_file": true,
             "skip_resize_disk": true, "boot_command": ["x"], "disable_vnc": true, "disk_cache": "x",
             "disk_discard": "y", "disk_detect_zeroes": "z", "ssh_username": "u"})", problems);
  CHECK(messages(problems) ==
        "Invalid disk size.\n"
        "A boot command cannot be used when vnc is disabled.\n"
        "http_port_min must be less than http_port_max\n"
        "host_port_min must be less than host_port_max\n"
        "invalid format, only 'qcow2' or 'raw' are allowed\n"
        "use_backing_file can only be enabled for QCOW2 images and when disk_image is true\n"
        "skip_resize_disk can only be used when disk_image is true\n"
        "invalid accelerator, only 'kvm', 'tcg', 'xen', 'hax', 'hvf', 'whpx', or 'none' are allowed\n"
        "unrecognized disk interface type\n"
        "unrecognized disk cache type\n"
        "unrecognized disk discard type\n"
        "unrecognized disk detect zeroes setting\n"
        "vnc_port_min must be less than vnc_port_max\n");
}

TEST_CASE("the output directory must not exist unless -force") {
  auto dir = std::filesystem::temp_directory_path() / "kiln-qemu-test-output";
  std::filesystem::create_directories(dir);
  std::string json = R"({"iso_url": "a", "iso_checksum": "none", "communicator": "none", "output_directory": ")" +
                     dir.string() + "\"}";
  Problems problems;
  decode(json, problems);
  CHECK(messages(problems) == "Output directory '" + dir.string() + "' already exists. It must not exist.\n");
  Problems forced;
  decode(json, forced, true);
  CHECK(messages(forced) == "");
  std::filesystem::remove_all(dir);
}

TEST_CASE("the command line holds the pairs Packer 1.6.6 ran, qemuargs replacing defaults") {
  Problems problems;
  QemuConfig c = decode(R"({"iso_url": "src.qcow2", "iso_checksum": "none", "disk_image": true, "headless": true,
    "ssh_username": "root", "ssh_password": "x", "disk_size": "100M", "accelerator": "tcg", "cpus": 2, "memory": 300,
    "output_directory": "output-qemu", "vm_name": "packer-qemu",
    "qemuargs": [["-kernel", "/k"], ["-append", "console=ttyS0 a=b"], ["-device", "virtio-net,netdev=user.0"],
                 ["-device", "virtio-rng-pci"], ["-nographic"], ["-m", "256M"]]})", problems);
  CHECK(messages(problems) == "");
  LaunchState s{disk_paths(c), "src.qcow2", 4246, 5998};
  CHECK(qemu_arguments(c, s, rows(c.qemuargs)) ==
        Strings{"-boot", "c", "-name", "packer-qemu", "-machine", "type=pc,accel=tcg",
                "-netdev", "user,id=user.0,hostfwd=tcp::4246-:22", "-vnc", "127.0.0.1:98", "-m", "256M",
                "-smp", "cpus=2,sockets=2", "-device", "virtio-net,netdev=user.0", "-device", "virtio-rng-pci",
                "-drive", "file=output-qemu/packer-qemu,if=virtio,cache=writeback,discard=ignore,format=qcow2",
                "-kernel", "/k", "-append", "console=ttyS0 a=b", "-nographic"});
}

TEST_CASE("defaults of an ISO boot: CD-ROM, gtk display, the network device added to user devices") {
  Problems problems;
  QemuConfig c = decode(R"({"iso_url": "a.iso", "iso_checksum": "none", "communicator": "none", "accelerator": "none",
    "disk_interface": "virtio-scsi", "disk_detect_zeroes": "unmap", "disk_additional_size": ["1G"],
    "qemuargs": [["-device", "virtio-rng-pci"]]})", problems);
  CHECK(messages(problems) == "");
  LaunchState s{disk_paths(c), "/c/a.iso", 0, 5901};
  CHECK(qemu_arguments(c, s, rows(c.qemuargs)) ==
        Strings{"-boot", "once=d", "-name", "packer-vm1", "-machine", "type=pc", "-netdev", "user,id=user.0",
                "-vnc", "127.0.0.1:1", "-m", "512M", "-display", "gtk",
                "-device", "virtio-rng-pci", "-device", "virtio-net,netdev=user.0",
                "-drive", "if=none,file=output-vm1/packer-vm1,id=drive0,cache=writeback,discard=ignore,format=qcow2,detect-zeroes=unmap",
                "-drive", "if=none,file=output-vm1/packer-vm1-1,id=drive1,cache=writeback,discard=ignore,format=qcow2,detect-zeroes=unmap",
                "-drive", "file=/c/a.iso,index=0,media=cdrom"});
  CHECK(create_commands(c, "/c/a.iso") ==
        std::vector<Strings>{{"create", "-f", "qcow2", "output-vm1/packer-vm1", "40960M"},
                             {"create", "-f", "qcow2", "output-vm1/packer-vm1-1", "1G"}});
  CHECK(resize_command(c).empty());
  CHECK(convert_command(c) == Strings{"convert", "-O", "qcow2", "output-vm1/packer-vm1", "output-vm1/packer-vm1.convert"});
}

TEST_CASE("cd_files: patterns expanded at prepare, the image attached after the source ISO") {
  auto dir = std::filesystem::temp_directory_path() / "kiln-qemu-test-cd";
  std::filesystem::create_directories(dir / "seed");
  for (const char* name : {"user-data", "meta-data"}) std::ofstream(dir / "seed" / name) << "x";
  const std::string seed = (dir / "seed").string();
  Problems problems;
  QemuConfig c = decode(R"({"iso_url": "a.iso", "iso_checksum": "none", "communicator": "none", "cd_files": [")" + seed +
                            R"(/*", ")" + seed + R"(/none-*", ")" + seed + R"("], "cd_label": "cidata"})",
                        problems);
  CHECK(messages(problems) == "");
  CHECK(c.cd_files == Strings{seed + "/meta-data", seed + "/user-data", seed});
  CHECK(c.cd_label == "cidata");
  LaunchState s{disk_paths(c), "/c/a.iso", 0, 5901, "/t/cd.iso"};
  Strings args = qemu_arguments(c, s, {});
  auto iso = std::find(args.begin(), args.end(), "file=/c/a.iso,index=0,media=cdrom");
  REQUIRE(args.end() - iso >= 3);
  CHECK(Strings(iso, iso + 3) == Strings{"file=/c/a.iso,index=0,media=cdrom", "-drive", "file=/t/cd.iso,index=1,media=cdrom"});
  std::filesystem::remove_all(dir);

  Problems bad;
  decode(R"({"iso_url": "a.iso", "iso_checksum": "none", "communicator": "none", "cd_files": ["/nonexistent/x", "a["]})", bad);
  CHECK(messages(bad) == "Bad CD disk file '/nonexistent/x': stat /nonexistent/x: no such file or directory\n"
                         "Bad CD disk file 'a[': syntax error in pattern\n");
}

TEST_CASE("disk_image: converted unless the extension names the format; resized; compressed") {
  Problems problems;
  QemuConfig c = decode(R"({"iso_url": "a.img", "iso_checksum": "none", "communicator": "none", "disk_image": true,
    "disk_compression": true, "qemu_img_args": {"resize": ["--shrink"]}})", problems);
  CHECK(messages(problems) == "");
  CHECK(create_commands(c, "a.img").empty());
  CHECK(copy_command(c, "a.img") == Strings{"convert", "-O", "qcow2", "a.img", "output-vm1/packer-vm1"});
  CHECK(copy_is_plain(c, "d/a.qcow2"));
  CHECK_FALSE(copy_is_plain(c, "d.qcow2/a"));
  CHECK(resize_command(c) == Strings{"resize", "-f", "qcow2", "--shrink", "output-vm1/packer-vm1", "40960M"});
  CHECK(convert_command(c) ==
        Strings{"convert", "-c", "-O", "qcow2", "output-vm1/packer-vm1", "output-vm1/packer-vm1.convert"});
}

TEST_CASE("iso_checksum: go-getter's forms and messages") {
  Environment env;
  CHECK(resolve_iso_checksum("SHA256:ABCD", "a.iso", env) == "sha256:abcd");
  CHECK(resolve_iso_checksum(std::string(32, 'a'), "a.iso", env) == "md5:" + std::string(32, 'a'));
  CHECK(resolve_iso_checksum(std::string(128, 'b'), "a.iso", env) == "sha512:" + std::string(128, 'b'));
  auto message = [&](const std::string& spec, const std::string& iso_url = "a.iso") {
    try {
      resolve_iso_checksum(spec, iso_url, env);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("md5:zz") == "invalid checksum: encoding/hex: invalid byte: U+007A 'z'");
  CHECK(message("abc") == "invalid checksum: encoding/hex: odd length hex string");
  CHECK(message("abcd.iso") == "invalid checksum: encoding/hex: invalid byte: U+002E '.'");
  CHECK(message("abcd") == "Unknown type for checksum abcd");
  CHECK(message("foo:abcd") == "unsupported checksum type: foo");
  CHECK(message("file:/nonexistent/SUMS") ==
        "Error downloading checksum file: source path error: stat /nonexistent/SUMS: no such file or directory");

  auto dir = std::filesystem::temp_directory_path() / "kiln-qemu-test-sums";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "SUMS") << std::string(64, 'c') << "  other.iso\n"
                              << std::string(64, 'd') << " *./images/a.iso\n"
                              << "SHA1 (b.iso) = " << std::string(40, 'e') << "\n";
  std::string list = "file:" + (dir / "SUMS").string();
  CHECK(resolve_iso_checksum(list, "http://x/images/a.iso", env) == "sha256:" + std::string(64, 'd'));
  CHECK(resolve_iso_checksum(list, "b.iso", env) == "sha1:" + std::string(40, 'e'));
  CHECK(message(list, "c.iso") == "no checksum found in: " + (dir / "SUMS").string());

  std::string iso = (dir / "a.iso").string();
  std::ofstream(iso) << "iso bytes";
  std::string digest = file_digests(iso, {"sha256"}).at(0);
  CHECK_NOTHROW(verify_checksum(iso, "sha256:" + digest, {}));
  CHECK_THROWS_WITH(verify_checksum(iso, "sha256:" + std::string(64, '0'), {}),
                    ("Checksums did not match for " + iso + ".\nExpected: " + std::string(64, '0') + "\nGot: " + digest).c_str());
  std::filesystem::remove_all(dir);
}
