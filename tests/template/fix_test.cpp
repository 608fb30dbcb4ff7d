// The trickier `packer fix` rewrites, checked on the library (the CLI test compares whole
// templates with live Packer 1.6.6).
#include <doctest/doctest.h>

#include <string>

#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"
#include "template/fix/go_json.hpp"
#include "template/fix/validate.hpp"

namespace {

using kiln::Value;

// The template after every fixer, as `packer fix` prints it (without its final blank line).
std::string fixed(const std::string& json) {
  Value tpl = kiln::fix::decode_go_json(json);
  kiln::fix::apply_fixers(tpl);
  return kiln::fix::encode_go_json(tpl);
}

// Builder 0 of the fixed template, encoded compactly enough to compare in one line.
std::string builder0(const std::string& builder_json) {
  Value tpl = kiln::fix::decode_go_json(R"({"builders": [)" + builder_json + "]}");
  kiln::fix::apply_fixers(tpl);
  std::string out = kiln::fix::encode_go_json(tpl.find("builders")->items()[0]);
  std::string compact;
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (c == '"' && (i == 0 || out[i - 1] != '\\')) in_string = !in_string;
    if (in_string || (c != '\n' && c != ' ')) compact += c;
  }
  return compact;
}

}  // namespace

TEST_CASE("iso-checksum-type-and-url folds type and URL into iso_checksum") {
  CHECK(builder0(R"({"type": "qemu", "iso_checksum": "abc", "iso_checksum_type": "sha256"})") ==
        R"({"iso_checksum":"sha256:abc","type":"qemu"})");
  // The URL wins over the checksum; the type goes with it.
  CHECK(builder0(R"({"type": "qemu", "iso_checksum": "x", "iso_checksum_type": "md5", "iso_checksum_url": "http://h/S"})") ==
        R"({"iso_checksum":"file:http://h/S","type":"qemu"})");
  // Neither checksum nor URL: the type just goes ("none" included).
  CHECK(builder0(R"({"type": "qemu", "iso_checksum_type": "none"})") == R"({"type":"qemu"})");
  // A checksum that is not a string counts as empty and stays as it is.
  CHECK(builder0(R"({"type": "qemu", "iso_checksum": 12, "iso_checksum_type": "md5"})") == R"({"iso_checksum":12,"type":"qemu"})");
  // iso_md5 first becomes an md5 checksum, which this fixer then folds.
  CHECK(builder0(R"({"type": "x", "iso_md5": "d41d"})") == R"({"iso_checksum":"md5:d41d","type":"x"})");
}

TEST_CASE("comm-config drops the ssh_ prefix in VirtualBox builders only") {
  CHECK(builder0(R"({"type": "virtualbox-iso", "ssh_host_port_min": 1, "ssh_host_port_max": 2, "ssh_skip_nat_mapping": true})") ==
        R"({"host_port_max":2,"host_port_min":1,"skip_nat_mapping":true,"type":"virtualbox-iso"})");
  // Both spellings: the prefixed one is dropped, the other kept.
  CHECK(builder0(R"({"type": "virtualbox-ovf", "ssh_host_port_min": 1, "host_port_min": 5, "ssh_skip_nat_mapping": true, "skip_nat_mapping": false})") ==
        R"({"host_port_min":5,"skip_nat_mapping":false,"type":"virtualbox-ovf"})");
  // A non-boolean ssh_skip_nat_mapping stays.
  CHECK(builder0(R"({"type": "virtualbox-vm", "ssh_skip_nat_mapping": "yes"})") == R"({"ssh_skip_nat_mapping":"yes","type":"virtualbox-vm"})");
  CHECK(builder0(R"({"type": "docker", "ssh_host_port_min": 1})") == R"({"ssh_host_port_min":1,"type":"docker"})");
  // Packer 1.6.6 crashes on a builder without a type here; kiln reports it.
  CHECK_THROWS_AS(fixed(R"({"builders": [{"name": "x"}]})"), kiln::fix::Unfixable);
}

TEST_CASE("powershell-escapes removes backtick escapes from the settings it names") {
  std::string out = fixed(R"({"provisioners": [{"type": "powershell", "elevated_user": "`$u``", "elevated_password": "a`\"b`'c`x",
                               "environment_vars": ["A=`$b", null], "inline": ["`$keep"]}]})");
  CHECK(out.find(R"("elevated_user": "$u`")") != std::string::npos);
  CHECK(out.find(R"("elevated_password": "a\"b'c`x")") != std::string::npos);
  CHECK(out.find("\"A=$b\",\n        \"\"") != std::string::npos);  // a null entry becomes ""
  CHECK(out.find(R"("`$keep")") != std::string::npos);
  // environment_vars that is not a list of strings leaves the whole provisioner alone; null becomes [].
  std::string kept = fixed(R"({"provisioners": [{"type": "powershell", "elevated_user": "`$u", "environment_vars": ["`$", 3]}]})");
  CHECK(kept.find(R"("`$")") != std::string::npos);
  CHECK(kept.find(R"("`$u")") != std::string::npos);
  CHECK(fixed(R"({"provisioners": [{"type": "powershell", "environment_vars": null}]})").find(R"("environment_vars": [])") !=
        std::string::npos);
  // Other provisioners keep their escapes.
  CHECK(fixed(R"({"provisioners": [{"type": "shell", "elevated_user": "`$u"}]})").find("`$u") != std::string::npos);
}

TEST_CASE("sshkeypath moves ssh_key_path unless ssh_private_key_file is set") {
  CHECK(builder0(R"({"type": "x", "ssh_key_path": "/k"})") == R"({"ssh_private_key_file":"/k","type":"x"})");
  CHECK(builder0(R"({"type": "x", "ssh_key_path": "/k", "ssh_private_key_file": "/p"})") == R"({"ssh_private_key_file":"/p","type":"x"})");
  CHECK(builder0(R"({"type": "x", "ssh_key_path": 3})") == R"({"ssh_key_path":3,"type":"x"})");
}

TEST_CASE("clean-image-name renames in string settings and one level into objects") {
  CHECK(builder0(R"({"type": "x", "a": "{{clean_ami_name `n`}}", "t": {"k": "clean_image_name", "n": 1}, "l": ["clean_ami_name"]})") ==
        R"({"a":"{{clean_resource_name `n`}}","l":["clean_ami_name"],"t":{"k":"clean_resource_name","n":1},"type":"x"})");
  CHECK(builder0(R"({"type": "x", "a": "clean_image_nameclean_ami_name"})") == R"({"a":"clean_resource_nameclean_resource_name","type":"x"})");
  CHECK_THROWS_AS(fixed(R"({"builders": [{"type": "x", "image_labels": 3}]})"), kiln::fix::Unfixable);
}

TEST_CASE("builders that are not a list of objects stop the fixers with mapstructure's message") {
  try {
    fixed(R"({"builders": ["a", 1, [], {}, true]})");
    FAIL("no error");
  } catch (const kiln::Error& e) {
    CHECK(std::string(e.what()) ==
          "4 error(s) decoding:\n\n* 'Builders[0]' expected a map, got 'string'\n* 'Builders[1]' expected a map, got 'float64'\n"
          "* 'Builders[2]' expected a map, got 'slice'\n* 'Builders[4]' expected a map, got 'bool'");
  }
}

TEST_CASE("Go's JSON: decode errors, number and string encoding") {
  auto error = [](const std::string& text) {
    try {
      kiln::fix::decode_go_json(text);
    } catch (const kiln::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("") == "EOF");
  CHECK(error(" {\"a\": [1, ") == "unexpected EOF");
  CHECK(error("\xEF\xBB\xBF{}") == "invalid character '\xC3\xAF' looking for beginning of value");
  CHECK(error("{\"a\" 1}") == "invalid character '1' after object key");
  CHECK(error("{\"a\": tru}") == "invalid character '}' in literal true (expecting 'e')");
  CHECK(error("[1]") == "json: cannot unmarshal array into Go value of type map[string]interface {}");
  CHECK(error("{\"a\": 1e400}") == "json: cannot unmarshal number 1e400 into Go value of type float64");
  CHECK(error("{\"a\": \"\x01\"}") == "invalid character '\\x01' in string literal");
  CHECK(error("{\"a\": 1} trailing") == "no error");
  CHECK(kiln::fix::encode_go_json(kiln::fix::decode_go_json(
            R"({"n": [1e21, 1e20, 1.5e-7, 0.000001, -0, 5e-324, 1e-400], "s": "<&>\u2028\b\u007f", "b": ")" "\xff\"}")) ==
        "{\n  \"b\": \"\xEF\xBF\xBD\",\n  \"n\": [\n    1e+21,\n    100000000000000000000,\n    1.5e-7,\n    0.000001,\n    -0,\n"
        "    5e-324,\n    0\n  ],\n  \"s\": \"\\u003c\\u0026\\u003e\\u2028\\u0008\x7f\"\n}\n");
}

TEST_CASE("validation reports what Packer's parser and validator do") {
  auto failure = kiln::fix::validate_fixed("{\"builders\": null, \"hello\": 1}");
  REQUIRE(failure);
  CHECK(failure->parse);
  CHECK(failure->message == "1 error occurred:\n\t* Unknown root level key in template: 'hello'\n\n");
  failure = kiln::fix::validate_fixed("{\"builders\": []}");
  REQUIRE(failure);
  CHECK(!failure->parse);
  CHECK(failure->message == "1 error occurred:\n\t* at least one builder must be defined\n\n");
  CHECK(!kiln::fix::validate_fixed("{\"builders\": [{\"type\": \"null\"}], \"_comment\": \"x\"}"));
}
