// The vagrant post-processor's providers and per-provider overrides, from artifacts made here.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "postprocessors/vagrant/box_settings.hpp"
#include "postprocessors/vagrant/vagrant_providers.hpp"

using namespace kiln;
namespace fs = std::filesystem;

namespace {

BasicArtifact qemu_artifact(std::string disk_size, std::string accelerator) {
  BasicArtifact a;
  a.builder_id_ = "transcend.qemu";
  a.id_ = "VM";
  a.state_ = {{"diskName", "disk"}, {"diskType", "qcow2"}, {"diskSize", std::move(disk_size)},
              {"domainType", std::move(accelerator)}};
  return a;
}

std::string metadata_of(const std::string& disk_size) {
  fs::path dir = fs::temp_directory_path() / ("kiln-vagrant-unit-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string json = vagrant::process_provider("libvirt", qemu_artifact(disk_size, "tcg"), dir.string(), Ui(), CancelToken()).metadata_json;
  fs::remove_all(dir);
  return json;
}

std::string override_error(const std::string& json) {
  Value overrides = parse_json(json, "t.json").value;
  try {
    vagrant::settings_for({}, &overrides, "libvirt");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("libvirt: virtual_size is disk_size in GiB, rounded up, with 1.6.6's units") {
  CHECK(metadata_of("1024M") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":1}\n");
  CHECK(metadata_of("1025M") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":2}\n");
  CHECK(metadata_of("40960") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":40}\n");
  CHECK(metadata_of("3g") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":3}\n");
  CHECK(metadata_of("1T") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":1024}\n");
  CHECK(metadata_of("2147483648B") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":2}\n");
  // Kibibytes become whole mebibytes first, as in Go: 1048577K is 1024M, so 1 GiB.
  CHECK(metadata_of("1048577K") == "{\"format\":\"qcow2\",\"provider\":\"libvirt\",\"virtual_size\":1}\n");
}

TEST_CASE("libvirt: the disk named diskName becomes box.img; the accelerator picks the driver") {
  fs::path dir = fs::temp_directory_path() / ("kiln-vagrant-unit-box-" + std::to_string(getpid()));
  fs::create_directories(dir / "out");
  std::ofstream(dir / "out" / "disk") << "image bytes";
  std::ofstream(dir / "out" / "otherdisk") << "not this one";
  fs::create_directories(dir / "box");
  BasicArtifact a = qemu_artifact("1G", "kvm");
  a.files_ = {(dir / "out" / "otherdisk").string(), (dir / "out" / "disk").string()};
  vagrant::ProviderBox box = vagrant::process_provider("libvirt", a, (dir / "box").string(), Ui(), CancelToken());
  std::ifstream img(dir / "box" / "box.img");
  CHECK(std::string(std::istreambuf_iterator<char>(img), {}) == "image bytes");
  CHECK(box.vagrantfile.find("libvirt.driver = \"kvm\"") != std::string::npos);
  CHECK_FALSE(box.keep_input);
  a.state_["domainType"] = "xen";
  CHECK_THROWS_WITH(vagrant::process_provider("libvirt", a, (dir / "box").string(), Ui(), CancelToken()),
                    "Unknown libvirt domain type: xen");
  fs::remove_all(dir);
}

TEST_CASE("aws: one region_config per region, in region order; the AMIs are kept") {
  BasicArtifact a;
  a.id_ = "us-west-2:ami-2,eu-west-1:ami-1";
  vagrant::ProviderBox box = vagrant::process_provider("aws", a, "/nonexistent", Ui(), CancelToken());
  CHECK(box.vagrantfile ==
        "\nVagrant.configure(\"2\") do |config|\n  config.vm.provider \"aws\" do |aws|\n    "
        "\n\taws.region_config \"eu-west-1\", ami: \"ami-1\"\n\t"
        "\n\taws.region_config \"us-west-2\", ami: \"ami-2\"\n\t"
        "\n  end\nend\n");
  CHECK(box.metadata_json == "{\"provider\":\"aws\"}\n");
  CHECK(box.keep_input);
  a.id_ = "us-west-2:ami-2,ami-1";
  CHECK_THROWS_WITH(vagrant::process_provider("aws", a, "/nonexistent", Ui(), CancelToken()),
                    "Poorly formatted artifact ID: us-west-2:ami-2,ami-1");
}

TEST_CASE("providers 1.6.6 picks by builder id; amazon-chroot and the docker builder have none") {
  CHECK(vagrant::provider_for_builder("transcend.qemu") == "libvirt");
  CHECK(vagrant::provider_for_builder("mitchellh.amazonebs") == "aws");
  CHECK(vagrant::provider_for_builder("mitchellh.amazon.instance") == "aws");
  CHECK(vagrant::provider_for_builder("packer.post-processor.docker-tag") == "docker");
  CHECK_FALSE(vagrant::provider_for_builder("mitchellh.amazon.chroot"));
  CHECK_FALSE(vagrant::provider_for_builder("packer.docker"));
}

TEST_CASE("override: the provider's keys replace the settings, matched ignoring case; bad types fail as mapstructure") {
  vagrant::BoxSettings base;
  base.output = "base.box";
  base.include = {"a", "b"};
  Value overrides = parse_json(R"({"libvirt": {"OUTPUT": "l.box", "include": ["c"], "other": 1}, "aws": {"output": "a.box"}})",
                               "t.json").value;
  vagrant::BoxSettings s = vagrant::settings_for(base, &overrides, "libvirt");
  CHECK(s.output == "l.box");
  CHECK(s.include == std::vector<std::string>{"c"});
  CHECK(s.compression_level == -1);
  CHECK(vagrant::settings_for(base, &overrides, "docker").output == "base.box");
  CHECK(override_error(R"({"libvirt": "x"})") == "Error overriding config for libvirt: '' expected a map, got 'string'");
  CHECK(override_error(R"({"libvirt": {"include": ["a", 2.5], "compression_level": true}})") ==
        "Error overriding config for libvirt: 2 error(s) decoding:\n\n"
        "* 'compression_level' expected type 'int', got unconvertible type 'bool', value: 'true'\n"
        "* 'include[1]' expected type 'string', got unconvertible type 'float64', value: '2.5'");
}
