#include "provisioners/salt/salt_masterless_provisioner.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "provisioners/salt/salt_state_results.hpp"
#include "template/fix/deprecated_keys.hpp"
#include "util/shell_quote.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

// Packer 1.6.6's Unix guest: where Salt's files go and how the bootstrap script is fetched.
constexpr const char* kConfigDir = "/etc/salt";
constexpr const char* kTempDir = "/tmp/salt";
constexpr const char* kStateRoot = "/srv/salt";
constexpr const char* kPillarRoot = "/srv/pillar";
constexpr const char* kBootstrapFetch =
    "curl -L https://bootstrap.saltstack.com -o /tmp/install_salt.sh || wget -O /tmp/install_salt.sh "
    "https://bootstrap.saltstack.com";
constexpr const char* kBootstrapRun = "sh /tmp/install_salt.sh";

// As Go's filepath.Join followed by ToSlash.
std::string join(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).lexically_normal().generic_string();
}

std::string remote_file_name(const std::string& path) { return fs::path(path).filename().generic_string(); }

std::string quoted(const std::string& path) { return "'" + escape_single_quotes(path) + "'"; }

// Go's os.Stat error text, as Packer puts it in its path messages.
std::string stat_problem(const std::string& key, const std::string& path, bool want_dir) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec) {
    std::string reason = ec.message();
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    return fmt::format("{}: path '{}' is invalid: stat {}: {}", key, path, path, reason);
  }
  if (want_dir && !fs::is_directory(status)) return fmt::format("{}: path '{}' must point to a directory", key, path);
  if (!want_dir && fs::is_directory(status)) return fmt::format("{}: path '{}' must point to a file", key, path);
  return {};
}

}  // namespace

const Schema& SaltMasterlessProvisioner::schema() const {
  static const Schema s{.fields = {
      {"skip_bootstrap", FieldType::Bool}, {"bootstrap_args", FieldType::String}, {"disable_sudo", FieldType::Bool},
      {"custom_state", FieldType::String}, {"minion_config", FieldType::String}, {"grains_file", FieldType::String},
      {"local_state_tree", FieldType::String}, {"local_pillar_roots", FieldType::String},
      {"remote_state_tree", FieldType::String}, {"remote_pillar_roots", FieldType::String},
      {"temp_config_dir", FieldType::String}, {"no_exit_on_failure", FieldType::Bool}, {"log_level", FieldType::String},
      {"salt_call_args", FieldType::String}, {"salt_bin_dir", FieldType::String}, {"guest_os_type", FieldType::String},
      {"formulas", FieldType::StringList},
      {"clean", FieldType::Bool, false, "kiln's own: removes the remote trees afterwards (not in Packer 1.6.6)"},
  }, .deprecated = fix::deprecated_keys()};
  return s;
}

void SaltMasterlessProvisioner::prepare(const Config& c, Problems& problems) {
  skip_bootstrap_ = c.boolean("skip_bootstrap");
  bootstrap_args_ = c.str("bootstrap_args");
  disable_sudo_ = c.boolean("disable_sudo");
  custom_state_ = c.str("custom_state");
  minion_config_ = c.str("minion_config");
  grains_file_ = c.str("grains_file");
  local_state_tree_ = c.str("local_state_tree");
  local_pillar_roots_ = c.str("local_pillar_roots");
  remote_state_tree_ = c.str("remote_state_tree");
  remote_pillar_roots_ = c.str("remote_pillar_roots");
  // As Packer, an empty temp_config_dir, guest_os_type or log_level means its default.
  temp_config_dir_ = c.str("temp_config_dir");
  if (temp_config_dir_.empty()) temp_config_dir_ = kTempDir;
  no_exit_on_failure_ = c.boolean("no_exit_on_failure");
  salt_bin_dir_ = c.str("salt_bin_dir");
  clean_ = c.boolean("clean");
  auto problem = [&](const std::string& key, const std::string& message) {
    if (!message.empty()) problems.add(c.has(key) ? c.pos(key) : c.object().pos(), c.path(), message);
  };
  std::string os = c.str("guest_os_type");
  if (os.empty()) os = "unix";
  std::transform(os.begin(), os.end(), os.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (os == "windows")
    problem("guest_os_type", "guest_os_type: windows guests are not supported by kiln's salt-masterless yet");
  else if (os != "unix")
    problem("guest_os_type", fmt::format("Invalid guest_os_type: \"{}\"", os));
  if (local_state_tree_.empty())
    problem("local_state_tree", "local_state_tree cannot be empty");
  else
    problem("local_state_tree", stat_problem("local_state_tree", local_state_tree_, true));
  if (c.has("formulas") && !c.strings("formulas").empty())
    problem("formulas", "formulas: not supported by kiln (Packer fetches them with go-getter); put the formulas in "
                        "local_state_tree instead");
  if (!local_pillar_roots_.empty())
    problem("local_pillar_roots", stat_problem("local_pillar_roots", local_pillar_roots_, true));
  if (!minion_config_.empty()) problem("minion_config", stat_problem("minion_config", minion_config_, false));
  if (!minion_config_.empty() && (!remote_state_tree_.empty() || !remote_pillar_roots_.empty()))
    problem("minion_config", "remote_state_tree and remote_pillar_roots only apply when minion_config is not used");
  if (!grains_file_.empty()) problem("grains_file", stat_problem("grains_file", grains_file_, false));

  // salt-call's arguments, spaced exactly as Packer builds them (each part with a leading space).
  salt_call_args_ = custom_state_.empty() ? " state.highstate" : " state.sls " + custom_state_;
  if (minion_config_.empty()) {
    salt_call_args_ += " --file-root=" + (remote_state_tree_.empty() ? std::string(kStateRoot) : remote_state_tree_);
    salt_call_args_ += " --pillar-root=" + (remote_pillar_roots_.empty() ? std::string(kPillarRoot) : remote_pillar_roots_);
  }
  if (!no_exit_on_failure_) salt_call_args_ += " --retcode-passthrough";
  std::string log_level = c.str("log_level");
  salt_call_args_ += " -l " + (log_level.empty() ? std::string("info") : log_level);
  if (std::string extra = c.str("salt_call_args"); !extra.empty()) salt_call_args_ += " " + extra;
}

std::string SaltMasterlessProvisioner::sudo(const std::string& command) const {
  return disable_sudo_ ? command : "sudo " + command;
}

void SaltMasterlessProvisioner::provision(ProvisionerContext& ctx) {
  if (!ctx.comm) throw Error("the salt-masterless provisioner needs a communicator", ErrorCode::Build);
  std::vector<std::string> trees;  // what `clean` removes: the directories this run put in place
  try {
    apply(ctx, trees);
  } catch (...) {
    if (clean_) clean(ctx, trees);
    throw;
  }
  if (clean_) clean(ctx, trees);
}

void SaltMasterlessProvisioner::apply(ProvisionerContext& ctx, std::vector<std::string>& trees) {
  Communicator& comm = *ctx.comm;
  auto show = ctx.ui.output_lines();
  auto run = [&](const std::string& command) { return comm.exec(command, show, ctx.cancel); };
  // Packer's guest commands add sudo themselves and its moves add it once more: "sudo sudo mv".
  auto move = [&](const std::string& dst, const std::string& src, const std::string& context) {
    ctx.ui.message(fmt::format("Moving {} to {}", src, dst));
    if (int status = run(sudo(sudo(fmt::format("mv {} {}", quoted(src), quoted(dst))))); status != 0)
      throw Error(fmt::format("{}Unable to move {} to {}: Bad exit status: {}", context, src, dst, status), ErrorCode::Build);
  };
  auto create_dir = [&](const std::string& dir, const std::string& context) {
    ctx.ui.message(fmt::format("Creating directory: {}", dir));
    if (run(sudo("mkdir -p " + quoted(dir))) != 0) throw Error(context + "Non-zero exit status.", ErrorCode::Build);
  };
  TransferOptions opts{ctx.cancel, {}, std::nullopt};
  // Files and trees are uploaded under their final name into the login directory, then moved.
  auto upload_file = [&](const std::string& dst, const std::string& src, const std::string& context) {
    comm.upload_file(src, remote_file_name(dst), opts);
    move(dst, remote_file_name(dst), context + "Error moving file to destination: ");
  };
  auto upload_dir = [&](const std::string& dst, const std::string& src, const std::string& context) {
    comm.upload_dir(src, remote_file_name(dst), opts);
    move(dst, remote_file_name(dst), context);
  };
  // Packer removes the destination only when `stat` fails on it (so an existing tree receives the
  // new one inside it) and then moves the uploaded tree there.
  auto place_tree = [&](const std::string& dst, const std::string& src, const std::string& what) {
    ctx.ui.message(fmt::format("Verifying Path: {}", dst));
    if (run(sudo("stat " + quoted(dst))) != 0) {
      ctx.ui.message(fmt::format("Removing directory: {}", dst));
      if (run(sudo("rm -rf " + quoted(dst))) != 0)
        throw Error(fmt::format("Unable to clear {}: Non-zero exit status.", what), ErrorCode::Build);
    }
    trees.push_back(dst);
    move(dst, src, fmt::format("Unable to move {} to {}: ", src, dst));
  };

  ctx.ui.say("Provisioning with Salt...");
  if (!skip_bootstrap_) {
    // As Packer, the bootstrap's exit statuses are not checked (only salt-call's is).
    ctx.ui.message("Downloading saltstack bootstrap to /tmp/install_salt.sh");
    run(kBootstrapFetch);
    std::string install = fmt::format("{} {}", sudo(kBootstrapRun), bootstrap_args_);
    ctx.ui.message("Installing Salt with command " + install);
    run(install);
  }
  ctx.ui.message(fmt::format("Creating remote temporary directory: {}", temp_config_dir_));
  create_dir(temp_config_dir_, "Error creating remote temporary directory: ");
  trees.push_back(temp_config_dir_);
  for (const auto& [local, name, label, file_label] :
       {std::tuple{minion_config_, "minion", "minion config", "minion config file"},
        std::tuple{grains_file_, "grains", "grains file", "grains file"}}) {
    if (local.empty()) continue;
    ctx.ui.message(fmt::format("Uploading {}: {}", label, local));
    std::string staged = join(temp_config_dir_, name);
    upload_file(staged, local, fmt::format("Error uploading local {} to remote: ", file_label));
    ctx.ui.message(fmt::format("Make sure directory {} exists", kConfigDir));
    create_dir(kConfigDir, "Error creating remote salt configuration directory: ");
    move(join(kConfigDir, name), staged,
         fmt::format("Unable to move {}/{} to {}/{}: ", temp_config_dir_, name, kConfigDir, name));
  }
  ctx.ui.message(fmt::format("Uploading local state tree: {}", local_state_tree_));
  std::string staged_states = join(temp_config_dir_, "states");
  upload_dir(staged_states, local_state_tree_, "Error uploading local state tree to remote: ");
  place_tree(remote_state_tree_.empty() ? kStateRoot : remote_state_tree_, staged_states, "salt tree");
  if (!local_pillar_roots_.empty()) {
    ctx.ui.message(fmt::format("Uploading local pillar roots: {}", local_pillar_roots_));
    std::string staged_pillar = join(temp_config_dir_, "pillar");
    upload_dir(staged_pillar, local_pillar_roots_, "Error uploading local pillar roots to remote: ");
    place_tree(remote_pillar_roots_.empty() ? kPillarRoot : remote_pillar_roots_, staged_pillar, "pillar root");
  }

  ctx.ui.message(fmt::format("Running: salt-call --local {}", salt_call_args_));
  SaltStateResults results;
  int status = comm.exec(sudo(fmt::format("{} --local {}", join(salt_bin_dir_, "salt-call"), salt_call_args_)),
                         [&](std::string_view line, bool is_stderr) {
                           results.see(line);
                           show(line, is_stderr);
                         },
                         ctx.cancel);
  if (status == 0) return;
  const auto& failed = results.failed();
  std::string states = failed.empty() ? std::string()
                                      : fmt::format(" (failed state{}: \"{}\")", failed.size() > 1 ? "s" : "",
                                                    fmt::join(failed, "\", \""));
  if (no_exit_on_failure_) {
    ctx.ui.message(fmt::format("salt-call exited with status {}{}; continuing (no_exit_on_failure)", status, states));
    return;
  }
  throw Error(fmt::format("Error executing salt-call: Bad exit status: {}{}", status, states), ErrorCode::Build);
}

// Best effort, also after a failure or a cancel (with a fresh token so that the removal itself runs).
void SaltMasterlessProvisioner::clean(ProvisionerContext& ctx, const std::vector<std::string>& trees) {
  for (const auto& dir : trees) {
    ctx.ui.message(fmt::format("Removing directory: {}", dir));
    try {
      ctx.comm->exec(sudo("rm -rf " + quoted(dir)), [](std::string_view, bool) {}, CancelToken{});
    } catch (const std::exception& e) {
      ctx.ui.error(fmt::format("could not remove {}: {}", dir, e.what()));
    }
  }
}

}  // namespace kiln
