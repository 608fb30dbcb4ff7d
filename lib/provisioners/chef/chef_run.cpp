#include "provisioners/chef/chef_run.hpp"

#include <filesystem>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "provisioners/chef/chef_attributes.hpp"
#include "provisioners/chef/chef_output.hpp"
#include "util/read_file.hpp"

namespace kiln {

std::string chef_join(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).lexically_normal().generic_string();
}

ChefRun::ChefRun(ProvisionerContext& ctx, const ChefOptions& options)
    : ctx_(ctx), options_(options), guest_(options.guest_os_type, !options.prevent_sudo) {
  if (!ctx.comm) throw Error("the chef provisioners need a communicator", ErrorCode::Build);
}

// Gives up after a few seconds: the connection may be what failed.
ChefRun::~ChefRun() {
  if (!staging_left_) return;
  try {
    CancelSource give_up;
    std::jthread timer([&give_up](std::stop_token stop) {
      if (CancelToken(stop).wait_for(std::chrono::seconds(5))) give_up.cancel();
    });
    ctx_.comm->exec(guest_.remove_dir(options_.staging_dir), ctx_.ui.output_lines(), give_up.token());
  } catch (...) {  // best effort: the build's own error is what matters
  }
}

int ChefRun::run(const std::string& command) {
  return ctx_.comm->exec(command, ctx_.ui.output_lines(), ctx_.cancel);
}

std::string ChefRun::render(std::string_view command_template, std::map<std::string, std::string> data) const {
  InterpContext interp = ctx_.interp;
  interp.data = std::move(data);
  return interpolate_fully(command_template, interp);
}

void ChefRun::install(bool show_command) {
  if (options_.skip_install) return;
  ctx_.ui.message("Installing Chef...");
  std::string command = render(options_.install_command, {{"Sudo", sudo()}, {"Version", options_.version}});
  if (show_command) ctx_.ui.message(command);
  if (int status = run(command); status != 0)
    throw Error(fmt::format("Error installing Chef: Install script exited with non-zero exit status {}", status),
                ErrorCode::Build);
}

void ChefRun::create_dir(const std::string& dir, std::string_view failure) {
  ctx_.ui.message(fmt::format("Creating directory: {}", dir));
  for (const auto& command : {guest_.create_dir(dir), guest_.chmod(dir, "0777")})
    if (run(command) != 0)
      throw Error(fmt::format("{}: Non-zero exit status. See output above for more info.", failure), ErrorCode::Build);
  if (dir == options_.staging_dir) staging_left_ = staging_left_ || clean_at_exit_;
}

void ChefRun::upload_dir(const std::string& local, const std::string& remote, std::string_view failure) {
  create_dir(remote, failure);
  try {
    ctx_.comm->upload_dir(local, remote, TransferOptions{ctx_.cancel, {}, std::nullopt});
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", failure, e.what()), ErrorCode::Build);
  }
}

void ChefRun::upload_file(const std::string& local, const std::string& remote, std::string_view failure) {
  bool is_dir = false;
  if (std::string error = chef_stat_error(local, is_dir); !error.empty())
    throw Error(fmt::format("{}: open{}", failure, error.substr(4)), ErrorCode::Build);  // Go's os.Open error
  try {
    ctx_.comm->upload_file(local, remote, TransferOptions{ctx_.cancel, {}, std::nullopt});
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", failure, e.what()), ErrorCode::Build);
  }
}

std::string ChefRun::upload_text(const std::string& name, const std::string& text) {
  std::string remote = chef_join(options_.staging_dir, name);
  std::istringstream in(text);
  ctx_.comm->upload(in, text.size(), remote, TransferOptions{ctx_.cancel, {}, std::nullopt});
  return remote;
}

std::string ChefRun::write_config(const std::string& name, std::string_view default_template,
                                  std::map<std::string, std::string> data) {
  ctx_.ui.message(fmt::format("Creating configuration file '{}'", name));
  try {
    std::string text = options_.config_template.empty()
                           ? render(default_template, std::move(data))
                           : render(read_input_file(options_.config_template, "config_template"), std::move(data));
    return upload_text(name, text);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(fmt::format("Error creating Chef config file: {}", e.what()), ErrorCode::Build);
  }
}

std::string ChefRun::write_attributes(const std::string& name) {
  ctx_.ui.message("Creating JSON attribute file");
  std::string text = chef_attributes(options_.json, options_.run_list, ctx_.interp);
  try {
    return upload_text(name, text);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(fmt::format("Error creating JSON attributes: {}", e.what()), ErrorCode::Build);
  }
}

void ChefRun::execute(const std::string& config_path, const std::string& json_path) {
  std::string command =
      render(options_.execute_command, {{"ConfigPath", config_path}, {"JsonPath", json_path}, {"Sudo", sudo()}});
  ctx_.ui.message(fmt::format("Executing Chef: {}", command));
  ChefFailures failures;
  int status = ctx_.comm->exec(command, [&](std::string_view line, bool is_stderr) {
    failures.see(line);
    ctx_.ui.output(line, is_stderr);
  }, ctx_.cancel);
  if (status != 0) throw Error("Error executing Chef: " + failures.describe(status), ErrorCode::Build);
}

void ChefRun::clean_staging_at_exit(bool clean) { clean_at_exit_ = clean && ctx_.on_error != OnError::Abort; }

void ChefRun::remove_staging() {
  staging_left_ = false;
  ctx_.ui.message(fmt::format("Removing directory: {}", options_.staging_dir));
  run(guest_.remove_dir(options_.staging_dir));
}

}  // namespace kiln
