// The bad-input catalogue: malformed templates, variable files and command lines, each with the
// error kiln reports and where. Shared by tests/template/bad_input_test.cpp (library and CLI) and
// tests/capi/bad_input_test.cpp (the C ABI).
#pragma once

#include <string>
#include <vector>

namespace kiln::test {

enum class Feed {
  Template,  // `text` is the template file
  VarFile,   // `text` is a -var-file for a template declaring variable "x"
  Flags,     // `flags` go to `kiln validate` before a template whose text is `text`
};

// What sits at the path kiln is given (the template, or the var file for Feed::VarFile).
enum class Node { File, Directory, Fifo, Missing };

struct BadInput {
  std::string name;
  Feed feed = Feed::Template;
  std::string text;
  std::string error;  // a substring of the error kiln reports
  std::string at;     // "FILE:LINE:COL" kiln names, FILE being t.json or v.json; "" when it names none
  std::vector<std::string> flags = {};
  Node node = Node::File;
  std::string packer = {};  // Packer 1.6.6's words for the same input, where compared by hand
};

// A template with a valid null builder around `rest` (more root keys, each followed by a comma).
inline std::string with_builder(const std::string& rest) {
  return "{" + rest + "\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}]}";
}
// A valid template whose one provisioner is `{"type": "shell-local", <keys>}`.
inline std::string with_provisioner(const std::string& keys) {
  return with_builder("\"provisioners\": [{\"type\": \"shell-local\", " + keys + "}], ");
}
inline std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}
inline std::string deep(size_t levels) { return repeat("[", levels) + repeat("]", levels); }

inline std::vector<BadInput> bad_inputs() {
  std::vector<BadInput> c;
  auto tpl = [&](std::string name, std::string text, std::string error, std::string at, std::string packer = {}) {
    c.push_back(BadInput{std::move(name), Feed::Template, std::move(text), std::move(error), std::move(at), {}, Node::File,
                         std::move(packer)});
  };
  auto vars = [&](std::string name, std::string text, std::string error, std::string at, std::string packer = {}) {
    c.push_back(BadInput{std::move(name), Feed::VarFile, std::move(text), std::move(error), std::move(at), {}, Node::File,
                         std::move(packer)});
  };
  auto flags = [&](std::string name, std::vector<std::string> args, std::string error, std::string packer = {}) {
    c.push_back(BadInput{std::move(name), Feed::Flags, with_builder(""), std::move(error), "", std::move(args), Node::File,
                         std::move(packer)});
  };

  // JSON syntax.
  tpl("empty file", "", "The document is empty.", "t.json:1:1", "unexpected end of JSON input");
  tpl("only whitespace", " \n\t\n", "The document is empty.", "t.json:3:1");
  tpl("byte order mark", "\xEF\xBB\xBF" + with_builder(""), "Invalid value.", "t.json:1:1",
      "invalid character 'ï' looking for beginning of value");
  tpl("trailing garbage", with_builder("") + " x", "unexpected text after the end of the JSON document", "t.json:1:58",
      "invalid character 'x' after top-level value");
  tpl("two documents", with_builder("") + with_builder(""), "unexpected text after the end of the JSON document", "t.json:1:57");
  tpl("unclosed object", "{\"builders\": [", "Invalid value.", "t.json:1:15");
  tpl("unclosed string", "{\"builders", "Missing a closing quotation mark in string.", "t.json:1:11");
  tpl("missing colon", "{\"builders\" []}", "Missing a colon after a name of object member.", "t.json:1:13");
  tpl("missing comma", "{\"a\": 1\n\"b\": 2}", "Missing a comma or '}' after an object member.", "t.json:2:1");
  tpl("single quotes", "{'builders': []}", "Missing a name for object member.", "t.json:1:2");
  tpl("bare word", "builders", "Invalid value.", "t.json:1:1");
  tpl("invalid escape", "{\"description\": \"\\q\"}", "Invalid escape character in string.", "t.json:1:18");
  tpl("bad unicode escape", "{\"description\": \"\\u12G4\"}", "Incorrect hex digit after \\u escape in string.", "t.json:1:18");
  tpl("lone surrogate escape", "{\"description\": \"\\uD800x\"}", "The surrogate pair in string is invalid.", "t.json:1:18");
  tpl("control character in a string", "{\"description\": \"a\x01z\"}", "Invalid escape character in string.", "t.json:1:19");
  tpl("NUL byte between values", std::string("{\"builders\": []\0}", 17), "Missing a comma or '}' after an object member.",
      "t.json:1:16");
  tpl("NUL byte in a string", std::string("{\"description\": \"a\0b\"}", 23), "Missing a closing quotation mark in string.",
      "t.json:1:19");
  tpl("invalid UTF-8 outside strings", "{\"builders\": \xff}", "Invalid value.", "t.json:1:14");
  tpl("number with a leading plus", "{\"builders\": +1}", "Invalid value.", "t.json:1:14");
  tpl("number too big for a double", with_provisioner("\"inline\": [\"x\"], \"max_retries\": 1e400"),
      "Number too big to be stored in double.", "t.json:1:75");
  tpl("NaN", "{\"builders\": NaN}", "Invalid value.", "t.json:1:14");
  tpl("duplicate root key", "{\"builders\": [], \"builders\": []}", "duplicate key \"builders\"", "t.json:1:18",
      "template has duplicate field: builders");
  tpl("duplicate key in a builder", "{\"builders\": [{\"type\": \"null\", \"type\": \"null\"}]}", "duplicate key \"type\"",
      "t.json:1:32");
  tpl("a template that is a list", "[]", "a template must be a JSON object", "t.json:1:1");
  tpl("a template that is a string", "\"builders\"", "a template must be a JSON object", "t.json:1:1");
  tpl("a template that is null", "null", "a template must be a JSON object", "t.json:1:1");

  // Nesting (kMaxJsonNesting, 512 levels) in every place a template or var file can nest.
  tpl("300,000 nested lists as builders", "{\"builders\": " + deep(300000) + "}", "builders[0][0][0][0][0][0]…: nesting deeper than 512 levels",
      "t.json:1:525", "exceeded max depth");
  tpl("300,000 nested objects in a variable default",
      "{\"variables\": {\"x\": " + repeat("{\"a\": ", 300000) + "1" + repeat("}", 300000) + "}}",
      "variables.x.a.a.a.a.a…: nesting deeper than 512 levels", "t.json:1:3081", "exceeded max depth");
  tpl("513 levels in a provisioner's config", with_provisioner("\"inline\": " + deep(511)),
      "provisioners[0].inline[0][0][0][0]…: nesting deeper than 512 levels", "t.json:1:562");
  tpl("513 levels in a post-processor list", with_builder("\"post-processors\": " + deep(512) + ", "),
      "post-processors[0][0][0][0][0][0]…: nesting deeper than 512 levels", "t.json:1:532");
  tpl("512 levels: within the limit, then a type error", "{\"builders\": " + deep(511) + "}",
      "builders[0]: builder must be an object", "t.json:1:15");
  tpl("nested lists in an override", with_provisioner("\"inline\": [\"x\"], \"override\": {\"null\": {\"inline\": " + deep(600) + "}}"),
      "provisioners[0].override.null.inline[0][0]…: nesting deeper than 512 levels", "t.json:1:599");

  // Root keys of the wrong type.
  tpl("builders is a number", "{\"builders\": 5}", "builders: expected a list", "t.json:1:14",
      "'builders': source data must be an array or slice, got float64");
  tpl("builders is a string", "{\"builders\": \"null\"}", "builders: expected a list", "t.json:1:14");
  tpl("builders is an object", "{\"builders\": {\"type\": \"null\"}}", "builders: expected a list", "t.json:1:14");
  tpl("builders is true", "{\"builders\": true}", "builders: expected a list", "t.json:1:14");
  tpl("no builders at all", "{}", "at least one builder", "t.json", "* at least one builder must be defined");
  tpl("builders is empty", "{\"builders\": []}", "at least one builder", "t.json");
  tpl("provisioners is a number", with_builder("\"provisioners\": 1, "), "provisioners: expected a list", "t.json:1:18");
  tpl("provisioners is an object", with_builder("\"provisioners\": {}, "), "provisioners: expected a list", "t.json:1:18");
  tpl("post-processors is a string", with_builder("\"post-processors\": \"compress\", "), "post-processors: expected a list",
      "t.json:1:21");
  tpl("post-processors is false", with_builder("\"post-processors\": false, "), "post-processors: expected a list", "t.json:1:21");
  tpl("variables is a list", with_builder("\"variables\": [], "),
      "variables: expected an object of variable names to default values", "t.json:1:15");
  tpl("variables is a string", with_builder("\"variables\": \"x\", "),
      "variables: expected an object of variable names to default values", "t.json:1:15");
  tpl("sensitive-variables is a number", with_builder("\"sensitive-variables\": 5, "),
      "sensitive-variables: expected a list of strings", "t.json:1:25");
  tpl("sensitive-variables holds an object", with_builder("\"sensitive-variables\": [{}], "),
      "sensitive-variables: expected a list of strings", "t.json:1:26");
  tpl("description is a number", with_builder("\"description\": 5, "), "description: expected a string", "t.json:1:17");
  tpl("description is a list", with_builder("\"description\": [], "), "description: expected a string", "t.json:1:17");
  tpl("min_packer_version is a number", with_builder("\"min_packer_version\": 1.6, "), "min_packer_version: expected a string",
      "t.json:1:24");
  tpl("min_packer_version is from the future", with_builder("\"min_packer_version\": \"99.0.0\", "), "99.0.0", "t.json");
  tpl("error-cleanup-provisioner is a list", with_builder("\"error-cleanup-provisioner\": [], "),
      "error-cleanup-provisioner: provisioner must be an object", "t.json:1:31");
  tpl("unknown root key", with_builder("\"bulders\": [], "), "unknown root level key \"bulders\" (did you mean \"builders\"?)",
      "t.json:1:2");
  tpl("invalid UTF-8 in a root key", with_builder("\"\xff\xfe\": 1, "), "unknown root level key \"\xff\xfe\"", "t.json:1:2");

  // Builder blocks.
  tpl("a builder that is a number", "{\"builders\": [5]}", "builders[0]: builder must be an object", "t.json:1:15",
      "builder 1: '' expected a map, got 'float64'");
  tpl("a builder that is a list", "{\"builders\": [[]]}", "builders[0]: builder must be an object", "t.json:1:15");
  tpl("a builder without type", "{\"builders\": [{}]}", "builders[0]: builder is missing \"type\"", "t.json:1:15");
  tpl("a builder whose type is a number", "{\"builders\": [{\"type\": 5}]}", "builders[0]: builder is missing \"type\"",
      "t.json:1:15");
  tpl("a builder whose type is empty", "{\"builders\": [{\"type\": \"\"}]}", "builders[0]: builder is missing \"type\"",
      "t.json:1:15");
  tpl("an unknown builder type", "{\"builders\": [{\"type\": \"nope\"}]}", "builders[0]: unknown builder type \"nope\"",
      "t.json:1:15", "error initializing builder 'nope': Unknown builder nope");
  tpl("a builder type in invalid UTF-8", "{\"builders\": [{\"type\": \"n\xffll\"}]}", "unknown builder type", "t.json:1:15");
  tpl("two builders with one name", "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}, "
      "{\"type\": \"null\", \"communicator\": \"none\"}]}", "builders[1]: a builder named \"null\" already exists", "t.json:1:57");
  tpl("an unknown builder key", "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\", \"bogus\": 1}]}",
      "builders[0]: unknown key \"bogus\"", "t.json:1:56");
  tpl("a builder's only is a number", "{\"builders\": [{\"type\": \"null\", \"only\": 5}]}",
      "builders[0].only: expected a list of strings", "t.json:1:40");
  tpl("a builder's communicator is a list", "{\"builders\": [{\"type\": \"null\", \"communicator\": []}]}",
      "communicator", "t.json:1:48");
  tpl("an unknown communicator", "{\"builders\": [{\"type\": \"null\", \"communicator\": \"pigeon\"}]}", "pigeon",
      "t.json");
  tpl("ssh_port is a list", "{\"builders\": [{\"type\": \"null\", \"ssh_host\": \"h\", \"ssh_username\": \"u\", \"ssh_port\": []}]}",
      "builders[0].ssh_port: expected an integer, got array", "t.json:1:82");
  tpl("ssh_port is not a number", "{\"builders\": [{\"type\": \"null\", \"ssh_host\": \"h\", \"ssh_username\": \"u\", \"ssh_port\": \"22x\"}]}",
      "builders[0].ssh_port: cannot parse \"22x\" as an integer", "t.json:1:82");
  tpl("ssh_port beyond int64", "{\"builders\": [{\"type\": \"null\", \"ssh_host\": \"h\", \"ssh_username\": \"u\", "
      "\"ssh_port\": \"99999999999999999999\"}]}", "cannot parse \"99999999999999999999\" as an integer", "t.json:1:82");
  tpl("ssh_timeout is not a duration", "{\"builders\": [{\"type\": \"null\", \"ssh_host\": \"h\", \"ssh_username\": \"u\", "
      "\"ssh_timeout\": \"soon\"}]}", "builders[0].ssh_timeout", "t.json:1:85");
  tpl("ssh without a host", "{\"builders\": [{\"type\": \"null\", \"ssh_username\": \"u\"}]}", "a Host must be specified", "t.json");
  tpl("a file builder's content is an object", "{\"builders\": [{\"type\": \"file\", \"target\": \"t\", \"content\": {}}]}",
      "builders[0].content: expected a string, got object", "t.json:1:58");
  tpl("a docker builder without image", "{\"builders\": [{\"type\": \"docker\", \"commit\": true}]}", "image", "t.json");
  tpl("a docker builder's changes is a number", "{\"builders\": [{\"type\": \"docker\", \"image\": \"i\", \"commit\": true, "
      "\"changes\": 5}]}", "builders[0]: unsupported change \"5\"", "t.json:1:75");
  tpl("amazon-ebs with nothing", "{\"builders\": [{\"type\": \"amazon-ebs\"}]}", "ami_name must be specified", "t.json");

  // Provisioner blocks.
  tpl("a provisioner that is a string", with_builder("\"provisioners\": [\"shell\"], "),
      "provisioners[0]: provisioner must be an object", "t.json:1:19");
  tpl("a provisioner without type", with_builder("\"provisioners\": [{}], "), "provisioners[0]: provisioner is missing \"type\"",
      "t.json:1:19");
  tpl("an unknown provisioner type", with_builder("\"provisioners\": [{\"type\": \"chef-solo-9\"}], "),
      "unknown provisioner type \"chef-solo-9\"", "t.json:1:19");
  tpl("pause_before is not a duration", with_provisioner("\"inline\": [\"x\"], \"pause_before\": \"abc\""),
      "provisioners[0].pause_before: invalid duration \"abc\"", "t.json:1:76",
      "error decoding 'pause_before': time: invalid duration \"abc\"");
  tpl("pause_before is a list", with_provisioner("\"inline\": [\"x\"], \"pause_before\": []"),
      "provisioners[0].pause_before: expected a duration", "t.json:1:76");
  tpl("timeout is an object", with_provisioner("\"inline\": [\"x\"], \"timeout\": {}"),
      "provisioners[0].timeout: expected a duration", "t.json:1:71");
  tpl("max_retries is a word", with_provisioner("\"inline\": [\"x\"], \"max_retries\": \"many\""),
      "provisioners[0].max_retries: expected an integer", "t.json:1:75");
  tpl("max_retries beyond int", with_provisioner("\"inline\": [\"x\"], \"max_retries\": \"99999999999\""),
      "provisioners[0].max_retries: expected an integer", "t.json:1:75");  // Packer's int is 64 bits: it accepts this
  tpl("max_retries is 1e300", with_provisioner("\"inline\": [\"x\"], \"max_retries\": 1e300"),
      "provisioners[0].max_retries: expected an integer", "t.json:1:75", "value out of range");
  tpl("override is a list", with_provisioner("\"inline\": [\"x\"], \"override\": []"),
      "provisioners[0].override: expected an object of build name to settings", "t.json:1:72");
  tpl("except is an object", with_provisioner("\"inline\": [\"x\"], \"except\": {}"),
      "provisioners[0].except: expected a list of strings", "t.json:1:70");
  tpl("inline is an object", with_provisioner("\"inline\": {}"), "provisioners[0].inline: expected a list of strings, got object",
      "t.json:1:53");
  tpl("inline holds a list", with_provisioner("\"inline\": [[\"x\"]]"), "provisioners[0].inline[0]: expected a string, got array",
      "t.json:1:54");
  tpl("shell-local with no command", with_provisioner("\"environment_vars\": [\"A=1\"]"), "provisioners[0]: Command, Inline, Script and Scripts options cannot all be empty.", "t.json:1:19",
      "Command, Inline, Script and Scripts options cannot all be empty.");
  tpl("an unknown shell-local key", with_provisioner("\"inline\": [\"x\"], \"inlin\": [\"y\"]"),
      "provisioners[0]: unknown key \"inlin\" (did you mean \"inline\"?)", "t.json:1:60");
  tpl("a file provisioner without source",
      with_builder("\"provisioners\": [{\"type\": \"file\", \"destination\": \"/tmp\"}], "), "provisioners[0]: Source must be specified.", "t.json:1:19", "Source must be specified");
  tpl("a file provisioner going sideways",
      with_builder("\"provisioners\": [{\"type\": \"file\", \"source\": \"a\", \"destination\": \"b\", \"direction\": \"sideways\"}], "),
      "provisioners[0]: Direction must be one of: download, upload.", "t.json:1:84");
  tpl("an unknown key in the error-cleanup-provisioner",
      with_builder("\"error-cleanup-provisioner\": {\"type\": \"shell-local\", \"inline\": [\"x\"], \"bogus\": 1}, "),
      "unknown key \"bogus\"", "t.json:1:72");

  // Post-processors.
  tpl("a post-processor that is a number", with_builder("\"post-processors\": [5], "),
      "post-processors[0]: a post-processor must be a type name, an object, or a list of them", "t.json:1:22");
  tpl("a post-processor sequence holding a number", with_builder("\"post-processors\": [[\"compress\", 5]], "),
      "post-processors[0][1]: a post-processor must be a type name or an object", "t.json:1:35");
  tpl("a post-processor whose type is a number", with_builder("\"post-processors\": [{\"type\": 5}], "),
      "post-processors[0]: post-processor is missing \"type\"", "t.json:1:22");
  tpl("an unknown post-processor type", with_builder("\"post-processors\": [\"vagrant-cloud-9\"], "),
      "unknown post-processor type \"vagrant-cloud-9\"", "t.json:1:22");
  tpl("keep_input_artifact is maybe", with_builder("\"post-processors\": [{\"type\": \"compress\", \"keep_input_artifact\": \"maybe\"}], "),
      "post-processors[0].keep_input_artifact: expected a boolean", "t.json:1:66");
  tpl("keep_input_artifact is a number", with_builder("\"post-processors\": [{\"type\": \"compress\", \"keep_input_artifact\": 1}], "),
      "post-processors[0].keep_input_artifact: expected a boolean", "t.json:1:66");
  tpl("a manifest's custom_data is a list", with_builder("\"post-processors\": [{\"type\": \"manifest\", \"custom_data\": []}], "),
      "custom_data", "t.json");
  tpl("compress to an unknown format level", with_builder("\"post-processors\": [{\"type\": \"compress\", \"compression_level\": \"x\"}], "),
      "compression_level", "t.json");

  // Variables and interpolation.
  tpl("a variable default that is a list", with_builder("\"variables\": {\"x\": []}, "),
      "variables.x: a variable's default must be a string, number, boolean or null", "t.json:1:21");
  tpl("a variable default that is an object", with_builder("\"variables\": {\"x\": {}}, "),
      "variables.x: a variable's default must be a string, number, boolean or null", "t.json:1:21");
  tpl("a required variable left unset", with_builder("\"variables\": {\"x\": null}, "), "required variable not set: x",
      "t.json:1:16");
  tpl("{{user}} cycle between two variables",
      with_builder("\"variables\": {\"a\": \"{{user `b`}}\", \"b\": \"{{user `a`}}\"}, "),
      "variables.a: variable defaults refer to each other in a cycle", "t.json:1:16");
  tpl("{{user}} cycle of a variable with itself", with_builder("\"variables\": {\"a\": \"x{{user `a`}}\"}, "),
      "variables.a: variable defaults refer to each other in a cycle", "t.json:1:16");
  tpl("{{user}} cycle through three variables",
      with_builder("\"variables\": {\"a\": \"{{user `b`}}\", \"b\": \"{{user `c`}}\", \"c\": \"{{user `a`}}\"}, "),
      "variables.c: variable defaults refer to each other in a cycle", "t.json:1:58");
  tpl("an unknown function in a default", with_builder("\"variables\": {\"x\": \"{{nope}}\"}, "),
      "variables.x: template 1:3: unknown template function \"nope\"", "t.json:1:16");
  tpl("an unclosed action in a default", with_builder("\"variables\": {\"x\": \"{{user `y`\"}, "),
      "variables.x", "t.json:1:16");
  tpl("a brace bomb in a default", with_builder("\"variables\": {\"x\": \"" + repeat("{", 100000) + "\"}, "),
      "variables.x: template 1:3: unexpected character '{' in an action", "t.json:1:16");
  tpl("a brace bomb in a provisioner", with_provisioner("\"inline\": [\"" + repeat("{{", 50000) + "\"]"),
      "provisioners[0].inline[0]: template 1:3: unexpected character '{' in an action", "t.json:1:54");
  tpl("100,000 nested {{if}}s", with_provisioner("\"inline\": [\"" + repeat("{{if true}}", 100000) + repeat("{{end}}", 100000) + "\"]"),
      "provisioners[0].inline[0]: template 1:5635: nesting deeper than 512 levels", "t.json:1:54");
  tpl("100,000 nested parentheses", with_provisioner("\"inline\": [\"{{" + repeat("(", 100000) + "1" + repeat(")", 100000) + "}}\"]"),
      "provisioners[0].inline[0]: template 1:515: nesting deeper than 512 levels", "t.json:1:54");
  tpl("{{end}} without {{if}}", with_provisioner("\"inline\": [\"{{end}}\"]"), "{{end}} without a matching {{if}}", "t.json:1:54");
  tpl("an unterminated raw string", with_provisioner("\"inline\": [\"{{user `x}}\"]"), "provisioners[0].inline[0]", "t.json:1:54");
  tpl("env in a provisioner", with_provisioner("\"inline\": [\"{{env `HOME`}}\"]"), "env", "t.json:1:54");

  // Size.
  tpl("a 64 MB description beside a bad builders", "{\"description\": \"" + std::string(64 << 20, 'd') + "\", \"builders\": 5}",
      "builders: expected a list", "t.json:1:67108897");
  tpl("a 64 MB unknown builder type", "{\"builders\": [{\"type\": \"" + std::string(64 << 20, 't') + "\"}]}",
      "unknown builder type", "t.json:1:15");
  std::string numbered;
  for (int i = 0; i < 20000; ++i) numbered += "{\"type\": \"null\", \"communicator\": \"none\", \"name\": \"b" + std::to_string(i) + "\"}, ";
  tpl("20,000 builders, one unknown", "{\"builders\": [" + numbered + "{\"type\": \"nope\"}]}",
      "builders[20000]: unknown builder type \"nope\"", "t.json:1:1188905");
  tpl("20,000 builders with one name", "{\"builders\": [" + repeat("{\"type\": \"null\", \"communicator\": \"none\"}, ", 19999) +
      "{\"type\": \"null\", \"communicator\": \"none\"}]}", "builders[19999]: a builder named \"null\" already exists",
      "t.json:1:839973");
  tpl("a qemu boot_command of 100,000 invalid bytes",
      "{\"builders\": [{\"type\": \"qemu\", \"iso_url\": \"x.iso\", \"iso_checksum\": \"none\", \"communicator\": "
      "\"none\", \"boot_command\": [\"" + std::string(100000, '\xff') + "\"]}]}",
      "1:100000 (99999): invalid encoding", "t.json:1:116");
  tpl("/dev/zero as the SSH private key file",
      "{\"builders\": [{\"type\": \"null\", \"communicator\": \"ssh\", \"ssh_host\": \"127.0.0.1\", "
      "\"ssh_username\": \"u\", \"ssh_private_key_file\": \"/dev/zero\"}]}",
      "ssh: cannot read private key /dev/zero: File too large", "t.json:1:125");
  tpl("a 64 MB variable name", with_builder("\"variables\": {\"" + std::string(64 << 20, 'v') + "\": []}, "),
      "a variable's default must be a string, number, boolean or null", "t.json:1:67108884");

  // The template path itself.
  c.push_back(BadInput{"a directory without .pkr.hcl files as the template", Feed::Template, "", "Could not find any config file", "", {}, Node::Directory});
  c.push_back(BadInput{"a FIFO nobody writes to as the template", Feed::Template, "", "The document is empty.", "t.json:1:1", {},
                       Node::Fifo});
  c.push_back(BadInput{"a template that does not exist", Feed::Template, "", "No such file or directory", "", {}, Node::Missing});

  // Variable files (for a template declaring "x").
  vars("an empty var file", "", "The document is empty.", "v.json:1:1");
  vars("a var file that is a list", "[\"x\"]", "a variables file must be a JSON object of names to strings", "v.json:1:1");
  vars("a var file that is a string", "\"x=1\"", "a variables file must be a JSON object of names to strings", "v.json:1:1");
  vars("a var file value that is a number", "{\"x\": 5}", "x: expected a string, got number", "v.json:1:7",
       "json: cannot unmarshal number into Go value of type string");
  vars("a var file value that is a list", "{\"x\": [\"a\"]}", "x: expected a string, got array", "v.json:1:7");
  vars("a var file value that is an object", "{\"x\": {}}", "x: expected a string, got object", "v.json:1:7");
  vars("a var file value that is a boolean", "{\"x\": true}", "x: expected a string, got boolean", "v.json:1:7");
  vars("a var file nested 300,000 levels", "{\"x\": " + deep(300000) + "}", "x[0][0][0][0][0][0]…: nesting deeper than 512 levels",
       "v.json:1:518");
  vars("a var file with trailing garbage", "{\"x\": \"1\"} }", "unexpected text after the end of the JSON document", "v.json:1:12");
  vars("a var file with a duplicate key", "{\"x\": \"1\", \"x\": \"2\"}", "duplicate key \"x\"", "v.json:1:12");
  vars("a var file with a BOM", "\xEF\xBB\xBF{\"x\": \"1\"}", "Invalid value.", "v.json:1:1");
  vars("a var file with a NUL byte", std::string("{\"x\": \"1\"\0}", 11), "Missing a comma or '}' after an object member.",
       "v.json:1:10");
  c.push_back(BadInput{"a directory as the var file", Feed::VarFile, "", "cannot read variables file", "", {}, Node::Directory});
  c.push_back(BadInput{"a FIFO nobody writes to as the var file", Feed::VarFile, "", "The document is empty.", "v.json:1:1", {},
                       Node::Fifo});
  c.push_back(BadInput{"a var file that does not exist", Feed::VarFile, "", "No such file or directory", "", {}, Node::Missing});

  // Command lines (kiln validate FLAGS t.json).
  flags("an unknown flag", {"-bogus"}, "flag provided but not defined: -bogus", "flag provided but not defined: -bogus");
  flags("-var swallowing the template name", {"-var"}, "t.json\" for -var: expected key=value");
  flags("-var-file swallowing the template name", {"-var-file"}, "validate takes exactly one template");
  flags("-var without =", {"-var", "novalue"}, "invalid value \"novalue\" for -var: expected key=value");
  flags("-var-file that does not exist", {"-var-file=/nonexistent/v.json"}, "cannot read variables file /nonexistent/v.json");
  flags("-var-file of a directory", {"-var-file=/"}, "Is a directory");
  flags("-syntax-only=maybe", {"-syntax-only=maybe"}, "invalid boolean value \"maybe\" for -syntax-only");
  flags("--events=xml", {"--events=xml"}, "--events takes \"json\"");
  flags("-var with a 100 kB value for an undeclared variable and a bad -var-file", {"-var", "y=" + std::string(100000, 'v'),
        "-var-file=/nonexistent/v.json"}, "cannot read variables file");
  flags("two templates", {"t.json"}, "validate takes exactly one template");

  return c;
}

}  // namespace kiln::test
