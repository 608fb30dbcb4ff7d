#include <doctest/doctest.h>

#include "kiln/error.hpp"
#include "kiln/hcl2_upgrade.hpp"

using namespace kiln;

TEST_CASE("a template with a variable, one builder and a provisioner") {
  CHECK(hcl2_upgrade(R"({
    "variables": {"greet": "hi", "need": null},
    "builders": [{"type": "null", "communicator": "none"}],
    "provisioners": [{"type": "shell-local", "inline": ["echo {{user `greet`}}-{{ user `need` }}"]}]})",
                     "t.json") == R"(variable "greet" {
  type    = string
  default = "hi"
}

variable "need" {
  type = string
}

source "null" "null" {
  communicator = "none"
}

build {
  sources = ["source.null.null"]

  provisioner "shell-local" {
    inline = ["echo ${var.greet}-${var.need}"]
  }
}
)");
}

TEST_CASE("only, except and override name sources; durations as Go prints them; post-processor sequences") {
  CHECK(hcl2_upgrade(R"({
    "builders": [{"type": "null", "name": "b", "communicator": "none"}, {"type": "file", "name": "a", "content": "x", "target": "t"}],
    "provisioners": [
      {"type": "shell-local", "inline": ["echo"], "only": ["b"], "pause_before": "90s", "timeout": "0s", "max_retries": 2,
       "override": {"b": {"inline": ["echo b"]}}}],
    "error-cleanup-provisioner": {"type": "shell-local", "inline": ["echo cleanup"]},
    "post-processors": ["compress", [{"type": "manifest", "except": ["a"], "keep_input_artifact": true, "name": "manifest"},
                                     {"type": "checksum", "checksum_types": ["md5"]}]]})",
                     "t.json") == R"(source "file" "a" {
  content = "x"
  target  = "t"
}

source "null" "b" {
  communicator = "none"
}

build {
  sources = ["source.file.a", "source.null.b"]

  provisioner "shell-local" {
    inline      = ["echo"]
    max_retries = 2
    only        = ["null.b"]
    override = {
      "null.b" = {
        inline = ["echo b"]
      }
    }
    pause_before = "1m30s"
  }
  error-cleanup-provisioner "shell-local" {
    inline = ["echo cleanup"]
  }
  post-processor "compress" {
  }
  post-processors {
    post-processor "manifest" {
      keep_input_artifact = true
      except              = ["file.a"]
    }
    post-processor "checksum" {
      checksum_types = ["md5"]
    }
  }
}
)");
}

TEST_CASE("template functions become HCL2 expressions; the rest stays for the plugins") {
  std::string out = hcl2_upgrade(R"({
    "builders": [{"type": "file", "name": "f", "target": "t",
      "content": "{{timestamp}} {{uuid}} {{isotime `2006`}} {{build_name}}/{{build_type}} {{template_dir}} {{pwd}} {{env `HOME`}} {{build `ID`}} {{upper `a`}} {{split `a-b` `-` 1}} {{replace_all `o` `0` `foo`}} {{replace `o` `0` 1 `foo`}} {{.Vars}} ${x} %{y} \"q\" \\"}]})",
                                 "t.json");
  CHECK(out.find(R"(content = "${local.timestamp} ${uuidv4()} ${legacy_isotime("2006")} ${source.name}/${source.type} )"
                 R"(${path.root} ${path.cwd} ${env("HOME")} ${build.ID} ${upper("a")} ${split("-", "a-b")[1]} )"
                 R"(${replace("foo", "o", "0")} {{replace `o` `0` 1 `foo`}} {{.Vars}} $${x} %%{y} \"q\" \\")") !=
        std::string::npos);
  CHECK(out.find("locals { timestamp = rfc3339_parse(timestamp()).unix }\n") != std::string::npos);
}

TEST_CASE("defaults that read variables become locals that -var still overrides; undeclared variables default to empty") {
  CHECK(hcl2_upgrade(R"({
    "variables": {"a": "x", "b": "{{user `a`}}-y", "s": "{{user `b`}}", "h": "{{env `HOME`}}"},
    "sensitive-variables": ["s"],
    "builders": [{"type": "null", "communicator": "none"}],
    "provisioners": [{"type": "shell-local", "inline": ["echo {{user `s`}} {{user `missing`}}"]}]})",
                     "t.json") == R"(variable "a" {
  type    = string
  default = "x"
}

variable "b" {
  type    = string
  default = null
}

variable "h" {
  type    = string
  default = "${env("HOME")}"
}

variable "missing" {
  type    = string
  default = ""
}

variable "s" {
  type      = string
  default   = null
  sensitive = true
}

locals {
  b = var.b != null ? var.b : "${var.a}-y"
}

local "s" {
  expression = var.s != null ? var.s : "${local.b}"
  sensitive  = true
}

source "null" "null" {
  communicator = "none"
}

build {
  sources = ["source.null.null"]

  provisioner "shell-local" {
    inline = ["echo ${local.s} ${var.missing}"]
  }
}
)");
}

TEST_CASE("objects: attributes when they hold plain values, blocks when they hold objects or lists") {
  std::string out = hcl2_upgrade(R"({
    "min_packer_version": "1.5.0",
    "description": "d",
    "builders": [{"type": "amazon-ebs", "tags": {"Name": "x", "a b": "y"}, "empty": [],
      "source_ami_filter": {"filters": {"name": "ubuntu-*"}, "owners": ["1"], "most_recent": true},
      "launch_block_device_mappings": [{"device_name": "/dev/sda1", "volume_size": 8.5}]}]})",
                                 "t.json");
  CHECK(out == R"(packer {
  required_version = ">= 1.5.0"
}

source "amazon-ebs" "amazon-ebs" {
  launch_block_device_mappings {
    device_name = "/dev/sda1"
    volume_size = 8.5
  }
  source_ami_filter {
    filters = {
      name = "ubuntu-*"
    }
    most_recent = true
    owners      = ["1"]
  }
  tags = {
    Name  = "x"
    "a b" = "y"
  }
}

build {
  description = "d"

  sources = ["source.amazon-ebs.amazon-ebs"]
}
)");
}

TEST_CASE("annotations explain the parts; errors in the JSON template are reported") {
  std::string out = hcl2_upgrade(R"({"builders": [{"type": "null", "communicator": "none"}]})", "t.json", {true});
  CHECK(out.rfind("# Written by `kiln hcl2_upgrade` from t.json.", 0) == 0);
  CHECK(out.find("# One source per JSON builder") != std::string::npos);
  CHECK_THROWS_AS(hcl2_upgrade("{", "t.json"), TemplateError);
}
