#include "builders/qemu/cd_image.hpp"

#include <stdlib.h>

#include <filesystem>

#include <fmt/format.h>

#include "util/process.hpp"

namespace kiln::qemu {
namespace {
namespace fs = std::filesystem;

// A file goes to the image's root by its name; a directory keeps its own name and what is below it
// (its contents alone at the root when written with a trailing slash), as Packer's AddFile.
void add_path(const fs::path& root, const std::string& source) {
  std::error_code ec;
  auto status = fs::status(source, ec);
  if (ec) throw Error(fmt::format("Error adding path to CD: stat {}: {}", source, ec.message()), ErrorCode::Build);
  if (!fs::is_directory(status)) {
    fs::copy_file(source, root / fs::path(source).filename(), fs::copy_options::overwrite_existing);
    return;
  }
  size_t parent = source.rfind('/') + 1;  // npos + 1 == 0: no parent part
  auto place = [&](const fs::path& p) { return root / p.string().substr(parent); };
  fs::create_directories(place(source));
  for (const auto& entry : fs::recursive_directory_iterator(source)) {
    if (entry.is_directory() && !entry.is_symlink())
      fs::create_directories(place(entry.path()));
    else
      fs::copy_file(entry.path(), place(entry.path()), fs::copy_options::overwrite_existing);
  }
}

// Packer's choice of tool, in its order (hdiutil and oscdimg are macOS's and Windows').
std::vector<std::string> iso_command(const std::string& label, const std::string& source, const std::string& iso,
                                     const Environment& env) {
  if (auto xorriso = find_executable("xorriso", env); !xorriso.empty())
    return {xorriso, "-as", "genisoimage", "-rock", "-joliet", "-volid", label, "-output", iso, source};
  if (auto mkisofs = find_executable("mkisofs", env); !mkisofs.empty())
    return {mkisofs, "-joliet", "-volid", label, "-o", iso, source};
  throw Error("could not find a supported CD ISO creation command (the supported commands are: xorriso, mkisofs, "
              "hdiutil, oscdimg)",
              ErrorCode::Build);
}

std::string make_temp_dir(const Environment& env, const std::string& prefix) {
  std::string path = env.temp_dir() + "/" + prefix + "XXXXXX";
  if (!::mkdtemp(path.data()))
    throw Error(fmt::format("Error creating temporary file for CD: cannot create a directory in {}", env.temp_dir()),
                ErrorCode::Build);
  return path;
}

}  // namespace

std::string create_cd_image(const std::vector<std::string>& files, const std::string& label, const BuilderContext& ctx,
                            CleanupStack& cleanup) {
  if (files.empty()) return {};
  ctx.ui.say("Creating CD disk...");
  const Environment& env = *ctx.environment;
  std::string work = make_temp_dir(env, "packer_to_cdrom");  // the files under root/, the image beside it
  cleanup.push("CD disk " + work, [work] { fs::remove_all(work); });
  std::string root = work + "/root";
  fs::create_directory(root);
  for (const auto& file : files) {
    try {
      add_path(root, file);
    } catch (const std::exception& e) {  // add_path's own Error and the file system's
      throw Error(fmt::format("Error creating temporary file for CD: {}", e.what()), ErrorCode::Build);
    }
  }
  std::string iso = work + "/packer.iso";
  ProcessSpec spec;
  spec.argv = iso_command(label.empty() ? "packer" : label, root, iso, env);
  spec.environment = &env;
  spec.cancel = ctx.cancel;
  // Packer's RunAndStream: both streams as messages, blank lines left out.
  spec.on_line = [&](std::string_view line, bool) {
    if (!line.empty()) ctx.ui.message(std::string(line));
  };
  ProcessResult r = run_process(spec);
  if (r.signaled || r.exit_code != 0)
    throw Error(fmt::format("Bad exit status: {}", r.signaled ? -1 : r.exit_code), ErrorCode::Build);
  ctx.ui.message("Done copying paths from CD_dirs");
  return iso;
}

}  // namespace kiln::qemu
