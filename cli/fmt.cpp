// kiln fmt [-check] [-diff] [-write=false] [-recursive] PATH — rewrites HCL2 files in canonical layout,
// with packer fmt's (1.6.6) outputs and exit statuses: the names of changed files, `diff -u` of
// each change with -diff, errors gathered and written last (all on standard output), and status 0,
// 3 when -check finds unformatted files, 1 on any error. What 1.6.6 lacks follows today's Packer:
// PATH `-` formats standard input to standard output; -recursive descends into subfolders.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "commands.hpp"
#include "flags.hpp"
#include "hcl/format.hpp"
#include "kiln/error.hpp"
#include "system_error.hpp"
#include "unified_diff.hpp"
#include "util/read_file.hpp"

namespace kiln::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFmtUsage =
    "Usage: kiln fmt [options] PATH\n\n"
    "  Rewrites HCL2 configuration files (.pkr.hcl) and variable files (.pkrvars.hcl) in their\n"
    "  canonical layout, as packer fmt does. PATH is a file, a folder (its HCL2 files), or - to\n"
    "  format standard input to standard output. JSON files are left alone.\n\n"
    "Options:\n";

struct Problem {
  std::string summary, detail;
};

struct Options {
  bool check = false, diff = false, write = true, recursive = false;
};

bool is_hcl2_file(const std::string& name) { return name.ends_with(".pkr.hcl") || name.ends_with(".pkrvars.hcl"); }

// Folders and backup or hidden files that -recursive passes over, as today's Packer does.
bool skipped_in_recursion(const std::string& name) {
  return name.starts_with('.') || name.ends_with('~') || (name.size() > 1 && name.front() == '#' && name.back() == '#');
}

// The HCL2 files of a folder as 1.6.6 lists them: its .pkr.hcl files by name (hidden ones too),
// then its .pkrvars.hcl files; then, with -recursive, those of its subfolders.
void collect(const fs::path& folder, bool recursive, std::vector<std::string>& files) {
  std::vector<fs::directory_entry> entries(fs::directory_iterator(folder), fs::directory_iterator{});
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  auto path_of = [&](const fs::directory_entry& e) { return (folder / e.path().filename()).lexically_normal().string(); };
  auto is_folder = [](const fs::directory_entry& e) { return e.is_directory() && !e.is_symlink(); };
  for (const char* suffix : {".pkr.hcl", ".pkrvars.hcl"})
    for (const auto& entry : entries)
      if (!is_folder(entry) && entry.path().filename().string().ends_with(suffix)) files.push_back(path_of(entry));
  if (!recursive) return;
  for (const auto& entry : entries)
    if (is_folder(entry) && !skipped_in_recursion(entry.path().filename().string()))
      collect(path_of(entry), recursive, files);
}

class Formatter {
 public:
  explicit Formatter(Options options) : options_(options) {}

  void file(const std::string& path) {
    std::string source;
    try {
      source = read_input_file(path, "HCL2 file");
    } catch (const Error& e) {
      return fail(path, e.what());
    }
    hcl::Formatted out = hcl::format(source, path);
    if (!out.diagnostics.empty()) return fail(path, "failed to parse HCL " + path);
    if (out.text == source) return;
    changed_ = true;
    fmt::print("{}\n", path);
    if (options_.write && !options_.check) {
      std::ofstream file(path, std::ios::binary | std::ios::trunc);
      file << out.text;
      if (!file.flush()) return fail(path, fmt::format("open {}: {}", path, system_error_text(errno)));
    }
    if (options_.diff) print_unified_diff(source, out.text, path);
  }

  // Standard input to standard output: the formatted text, unless -check or -write=false hide a change.
  void standard_input() {
    std::string source{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    hcl::Formatted out = hcl::format(source, "<stdin>");
    if (!out.diagnostics.empty()) return fail("-", "failed to parse HCL -");
    bool same = out.text == source;
    changed_ = changed_ || !same;
    if (same || (options_.write && !options_.check)) fmt::print("{}", out.text);
  }

  void problem(std::string summary, std::string detail = {}) {
    problems_.push_back(Problem{std::move(summary), std::move(detail)});
  }

  // Exit status; errors are written after the names of the files that changed.
  int finish() const {
    if (problems_.empty()) return options_.check && changed_ ? 3 : 0;
    std::string out;
    for (const Problem& p : problems_)
      out += p.detail.empty() ? fmt::format("Error: {}\n\n", p.summary)
                              : fmt::format("Error: {}\n\n{}\n\n", p.summary, p.detail);
    fmt::print("{}\n", out);
    return 1;
  }

 private:
  void fail(const std::string& path, std::string detail) {
    problem("encountered an error while formatting " + path, std::move(detail));
  }

  Options options_;
  bool changed_ = false;
  std::vector<Problem> problems_;
};

}  // namespace

int cmd_fmt(const std::vector<std::string>& args, RenderOptions) {
  Options options;
  FlagSet flags;
  flags.boolean("check", &options.check, "Exit with status 3 when some input is not formatted; write nothing.");
  flags.boolean("diff", &options.diff, "Show each change as a unified diff.");
  flags.boolean("write", &options.write, "Write formatted files back (-write=false: only list them).");
  flags.boolean("recursive", &options.recursive, "Also format the HCL2 files of subfolders.");
  if (FlagSet::asks_help(args)) {
    fmt::print("{}{}", kFmtUsage, flags.usage());
    return 0;  // as packer fmt -h
  }
  std::vector<std::string> rest;
  try {
    rest = flags.parse(args);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
  if (rest.size() != 1) {
    fmt::print("{}{}", kFmtUsage, flags.usage());
    return 1;
  }
  const std::string& path = rest[0];
  Formatter formatter(options);
  if (path == "-") {
    formatter.standard_input();
    return formatter.finish();
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    // Packer's spelling, kept for scripts that match on it.
    formatter.problem(fmt::format("Cannot tell wether {} is a directory", path),
                      fmt::format("stat {}: {}", path, system_error_text(errno)));
    return formatter.finish();
  }
  std::vector<std::string> files;
  if (S_ISDIR(info.st_mode)) {
    try {
      collect(path, options.recursive, files);
    } catch (const fs::filesystem_error& e) {
      formatter.problem("Cannot read hcl directory",
                        fmt::format("open {}: {}", e.path1().string(), system_error_text(e.code().value())));
      return formatter.finish();
    }
  } else if (is_hcl2_file(path)) {
    files.push_back(path);
  }
  if (files.empty()) {
    formatter.problem(fmt::format("Cannot tell whether {} contains HCL2 configuration data", path));
    return formatter.finish();
  }
  for (const std::string& file : files) formatter.file(file);
  return formatter.finish();
}

}  // namespace kiln::cli
