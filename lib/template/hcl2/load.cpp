// Reading an HCL2 template: which files make it up, parsing each, and the top-level checks Packer
// makes before anything is evaluated (block types, labels, duplicates).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "hcl/parser.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "template/hcl2/hcl2.hpp"
#include "util/read_file.hpp"
#include "template/hcl2/json_syntax.hpp"
#include "template/hcl2/packer_block.hpp"

namespace kiln::hcl2 {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

HclTemplate::File parse_file(const std::string& path, std::string_view text, hcl::Diagnostics& diagnostics) {
  if (ends_with(path, ".json")) return {path, parse_json_file(text, path, diagnostics), std::string(text)};
  hcl::ParsedFile parsed = hcl::parse_file(text, path);
  diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  return {path, std::move(parsed.body), std::string(text)};
}

struct BlockRule {
  std::vector<const char*> labels;  // label names, for "Missing name for variable"-style messages
};

const std::map<std::string, BlockRule, std::less<>>& root_blocks() {
  static const std::map<std::string, BlockRule, std::less<>> rules{
      {"packer", {}},         {"variable", {{"name"}}},         {"variables", {}},
      {"locals", {}},         {"local", {{"name"}}},            {"source", {{"type", "name"}}},
      {"build", {}},          {"data", {{"type", "name"}}},
      // Packer 1.6.6's root schema has it (an unfinished feature): accepted and ignored.
      {"communicator", {{"type", "name"}}},
  };
  return rules;
}

void check_root(const HclTemplate& t, Problems& problems) {
  std::map<std::string, hcl::Range> variables;
  for (const auto& file : t.files) {
    for (const auto& a : file.body.attributes)
      add(problems, a.name_range, "Unsupported argument", fmt::format("An argument named \"{}\" is not expected here.", a.name));
    for (const auto& b : file.body.blocks) {
      auto rule = root_blocks().find(b.type);
      if (rule == root_blocks().end()) {
        add(problems, b.type_range, "Unsupported block type",
            fmt::format("Blocks of type \"{}\" are not expected here.", b.type));
        continue;
      }
      const auto& labels = rule->second.labels;
      if (b.labels.size() != labels.size()) {
        if (b.labels.size() < labels.size())
          add(problems, b.type_range, fmt::format("Missing {} for {}", labels[b.labels.size()], b.type),
              fmt::format("All {} blocks must have {} labels ({}).", b.type, labels.size(),
                          fmt::join(labels, ", ")));
        else
          add(problems, b.label_ranges[labels.size()], fmt::format("Extraneous label for {}", b.type),
              labels.empty() ? fmt::format("No labels are expected for {} blocks.", b.type)
                             : fmt::format("Only {} labels ({}) are expected for {} blocks.", labels.size(),
                                           fmt::join(labels, ", "), b.type));
        continue;
      }
      if (b.type == "variable") {
        auto [it, fresh] = variables.emplace(b.labels[0], b.range);
        if (!fresh)
          add(problems, b.type_range, "Duplicate variable",
              fmt::format("Duplicate {} variable definition found.", b.labels[0]));
      }
    }
  }
}

Template finish(HclTemplate hcl, const std::string& origin, const std::string& dir, hcl::Diagnostics& diagnostics) {
  Problems problems;
  add_all(diagnostics, problems);
  if (problems.empty()) check_root(hcl, problems);
  // As Packer, a version Packer does not meet stops the load before anything else is looked at.
  if (problems.empty()) check_packer_blocks(hcl, problems);
  with_source_lines(problems, hcl).throw_if_any();
  Template t;
  t.path = origin;
  t.dir = fs::absolute(dir).lexically_normal().string();
  if (t.dir.size() > 1 && t.dir.back() == '/') t.dir.pop_back();
  t.hcl2 = std::make_shared<const HclTemplate>(std::move(hcl));
  return t;
}

// Go's filepath.Dir: what precedes the last slash, cleaned; "." when there is no slash.
std::string go_dir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  std::string dir = fs::path(path.substr(0, slash + 1)).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir.empty() ? "." : dir;
}

}  // namespace

bool is_hcl2_path(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) || ends_with(path, ".pkr.hcl") || ends_with(path, ".pkr.json");
}

Template load(const std::string& path) {
  HclTemplate hcl;
  hcl::Diagnostics diagnostics;
  std::error_code ec;
  std::string dir;
  if (fs::is_directory(path, ec)) {
    dir = path;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file(ec)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    // Packer reads the .pkr.hcl files, then the .pkr.json ones, each set by name.
    for (const char* suffix : {".pkr.hcl", ".pkr.json"})
      for (const auto& name : names)
        if (ends_with(name, suffix)) {
          std::string file = (fs::path(path) / name).lexically_normal().string();
          hcl.files.push_back(parse_file(file, read_input_file(file, "template"), diagnostics));
        }
    for (const char* suffix : {".auto.pkrvars.hcl", ".auto.pkrvars.json"})
      for (const auto& name : names)
        if (ends_with(name, suffix)) {
          std::string file = (fs::path(path) / name).lexically_normal().string();
          hcl.auto_var_files.push_back(parse_var_file(file, read_input_file(file, "var file"), diagnostics));
        }
    if (hcl.files.empty())
      throw TemplateError({Problem{Position{path}, {},
                                   "Could not find any config file in " + path +
                                       "; Packer reads files ending with .pkr.hcl or .pkr.json"}},
                          ErrorCode::NotFound);
  } else {
    dir = fs::absolute(path).parent_path().string();
    hcl.files.push_back(parse_file(path, read_input_file(path, "template"), diagnostics));
  }
  hcl.path_root = fs::is_directory(path, ec) ? path : go_dir(path);
  return finish(std::move(hcl), path, dir, diagnostics);
}

Template parse(std::string_view text, const std::string& origin, const std::string& dir) {
  HclTemplate hcl;
  hcl::Diagnostics diagnostics;
  hcl.files.push_back(parse_file(origin, text, diagnostics));
  hcl.path_root = dir;
  return finish(std::move(hcl), origin, dir, diagnostics);
}

HclTemplate::File parse_var_file(const std::string& path, std::string_view text, hcl::Diagnostics& diagnostics) {
  if (ends_with(path, ".json")) return {path, parse_json_attributes(text, path, diagnostics), std::string(text)};
  hcl::ParsedFile parsed = hcl::parse_file(text, path);
  diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  return {path, std::move(parsed.body), std::string(text)};
}

HclTemplate::File load_var_file(const std::string& path, hcl::Diagnostics& diagnostics) {
  return parse_var_file(path, read_input_file(path, "var file"), diagnostics);
}

}  // namespace kiln::hcl2
