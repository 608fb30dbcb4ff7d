#include "provisioners/ansible/ansible_provisioners.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"
#include "util/process.hpp"
#include "util/shell_quote.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

// Follows ansible-playbook's output to name the task that failed.
struct TaskTracker {
  std::string current;
  std::string failed;
  void see(std::string_view line) {
    if (line.rfind("TASK [", 0) == 0) current = std::string(line.substr(6, line.find(']') - 6));
    if ((line.rfind("fatal:", 0) == 0 || line.rfind("failed:", 0) == 0) && failed.empty()) failed = current;
  }
  std::string describe(int status) const {
    return failed.empty() ? fmt::format("ansible-playbook exited with status {}", status)
                          : fmt::format("ansible-playbook failed in task \"{}\" (exit status {})", failed, status);
  }
};

std::vector<std::string> split_words(const std::string& command) {
  std::vector<std::string> out;
  std::istringstream in(command);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string generated(const RunContext& ctx, const char* key) {
  if (!ctx.generated) return {};
  auto it = ctx.generated->find(key);
  return it == ctx.generated->end() ? std::string() : it->second;
}

std::string ssh_inventory_line(const RunContext& ctx, const std::string& alias, const std::string& user_option) {
  std::string port = generated(ctx, "Port"), key = generated(ctx, "SSHPrivateKeyFile");
  std::string user = user_option.empty() ? generated(ctx, "User") : user_option;
  return alias + " ansible_host=" + generated(ctx, "Host") + (port.empty() ? "" : " ansible_port=" + port) +
         (user.empty() ? "" : " ansible_user=" + user) + (key.empty() ? "" : " ansible_ssh_private_key_file=" + key) +
         "\n";
}

// As Packer users write for a docker build (ansible_connection=docker), with the collection's full
// name; `user` becomes `docker exec -u`, otherwise the container's default user runs the tasks.
std::string docker_inventory_line(const std::string& alias, const std::string& container, const std::string& user) {
  return alias + " ansible_connection=community.docker.docker ansible_host=" + container +
         (user.empty() ? "" : " ansible_user=" + user) + "\n";
}

}  // namespace

const Schema& AnsibleProvisioner::schema() const {
  static const Schema s{.fields = {
      {"playbook_file", FieldType::String, true}, {"command", FieldType::String}, {"extra_arguments", FieldType::StringList},
      {"ansible_env_vars", FieldType::StringList}, {"groups", FieldType::StringList}, {"empty_groups", FieldType::StringList},
      {"host_alias", FieldType::String}, {"user", FieldType::String}, {"local_port", FieldType::Int},
      {"ssh_host_key_file", FieldType::String}, {"ssh_authorized_key_file", FieldType::String},
      {"sftp_command", FieldType::String}, {"use_sftp", FieldType::Bool}, {"inventory_directory", FieldType::String},
      {"inventory_file", FieldType::String}, {"inventory_file_template", FieldType::String, false, "", true},
      {"keep_inventory_file", FieldType::Bool}, {"skip_version_check", FieldType::Bool}, {"galaxy_file", FieldType::String},
      {"galaxy_command", FieldType::String}, {"galaxy_force_install", FieldType::Bool}, {"roles_path", FieldType::String},
      {"collections_path", FieldType::String}, {"use_proxy", FieldType::Bool, false, "kiln always connects directly"},
      {"ansible_ssh_extra_args", FieldType::StringList, false, "--ssh-extra-args with a key (-o IdentitiesOnly=yes)"},
  }, .deprecated = fix::deprecated_keys({"galaxycommand"})};
  return s;
}

void AnsibleProvisioner::prepare(const Config& c, Problems& problems) {
  playbook_ = c.str("playbook_file");
  command_ = c.str("command", "ansible-playbook");
  extra_arguments_ = c.strings("extra_arguments");
  ssh_extra_args_ = c.strings("ansible_ssh_extra_args");
  ansible_env_vars_ = c.strings("ansible_env_vars");
  groups_ = c.strings("groups");
  empty_groups_ = c.strings("empty_groups");
  host_alias_ = c.str("host_alias", "default");
  user_ = c.str("user");
  inventory_directory_ = c.str("inventory_directory");
  inventory_file_ = c.str("inventory_file");
  keep_inventory_file_ = c.boolean("keep_inventory_file");
  galaxy_file_ = c.str("galaxy_file");
  galaxy_command_ = c.str("galaxy_command", "ansible-galaxy");
  galaxy_force_install_ = c.boolean("galaxy_force_install");
  roles_path_ = c.str("roles_path");
  std::error_code unreadable;  // a path that cannot even be stat'ed (too long, no permission) counts as missing
  if (!playbook_.empty() && !fs::is_regular_file(playbook_, unreadable))
    problems.add(c.pos("playbook_file"), c.path(), fmt::format("playbook_file: {} is invalid: no such file", playbook_));
  if (!galaxy_file_.empty() && !fs::is_regular_file(galaxy_file_, unreadable))
    problems.add(c.pos("galaxy_file"), c.path(), fmt::format("galaxy_file: {} is invalid: no such file", galaxy_file_));
}

void AnsibleProvisioner::provision(ProvisionerContext& ctx) {
  // The machine is reached straight over SSH (Host from the communicator) or, when the build has
  // no SSH host but is a docker builder's container, through community.docker's `docker`
  // connection: the docker CLI's `docker exec` into the container id, on the builder's engine.
  std::string host = generated(ctx, "Host"), container = generated(ctx, "ID");
  std::string docker_host = generated(ctx, "DockerHost");
  bool docker = host.empty() && !container.empty() && !docker_host.empty();
  if (!docker && (host.empty() || !ctx.comm))
    throw Error("the ansible provisioner needs a machine reachable over SSH (ssh_host, or a builder that sets Host) "
                "or a docker builder's container",
                ErrorCode::Build);
  ProcessSpec spec;
  spec.environment = ctx.environment.get();
  spec.cancel = ctx.cancel;
  spec.env["ANSIBLE_HOST_KEY_CHECKING"] = "False";
  spec.env["ANSIBLE_FORCE_COLOR"] = "0";
  spec.env["PYTHONUNBUFFERED"] = "1";
  // The connection plugin runs `docker` without -H in some calls (inspect), so the engine is chosen
  // by the environment; this also serves a user's own inventory_file with ansible_connection=docker.
  if (!docker_host.empty()) spec.env["DOCKER_HOST"] = docker_host;
  // Packer passes every entry as it is; one without "=" (e.g. an {{if}} that gave "") sets nothing.
  for (const auto& kv : ansible_env_vars_)
    if (auto eq = kv.find('='); eq != std::string::npos && eq > 0) spec.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  if (!galaxy_file_.empty()) {
    ctx.ui.say(fmt::format("Executing Ansible Galaxy: {}", galaxy_file_));
    spec.argv = split_words(galaxy_command_);
    for (const auto& a : {"install", "-r"}) spec.argv.emplace_back(a);
    spec.argv.push_back(galaxy_file_);
    if (galaxy_force_install_) spec.argv.emplace_back("-f");
    // As Packer, roles_path only tells ansible-galaxy where to install; the playbook finds the
    // roles there through ANSIBLE_ROLES_PATH in ansible_env_vars (or the default path).
    if (!roles_path_.empty()) spec.argv.insert(spec.argv.end(), {"-p", roles_path_});
    spec.on_line = [&](std::string_view l, bool) { ctx.ui.message(l); };
    ProcessResult galaxy = run_process(spec);
    if (galaxy.signaled || galaxy.exit_code != 0)
      throw Error(fmt::format("Error executing Ansible Galaxy: {} exited with status {}", galaxy_command_, galaxy.exit_code),
                  ErrorCode::Build);
  }
  // The inventory: this machine under host_alias, in every group. An explicit inventory_file, or
  // `-e ansible_connection=…` in extra_arguments (extra vars win over inventory vars), overrides it.
  std::string inventory = inventory_file_;
  bool generated_inventory = inventory.empty();
  if (generated_inventory) {
    std::string dir = inventory_directory_.empty() ? ctx.environment->temp_dir() : inventory_directory_;
    inventory = dir + "/kiln-provisioner-ansible-XXXXXX";
    int fd = mkstemp(inventory.data());
    if (fd < 0) throw Error("cannot create the ansible inventory file", ErrorCode::Build);
    close(fd);
    std::string line =
        docker ? docker_inventory_line(host_alias_, container, user_) : ssh_inventory_line(ctx, host_alias_, user_);
    std::ofstream out(inventory);
    out << line;
    for (const auto& g : groups_) out << "[" << g << "]\n" << line;
    for (const auto& g : empty_groups_) out << "[" << g << "]\n";
  }
  struct Remove {
    std::string path;
    bool remove;
    ~Remove() {
      if (remove) fs::remove(path);
    }
  } remove_inventory{inventory, generated_inventory && !keep_inventory_file_};
  spec.argv = split_words(command_);
  spec.argv.push_back(playbook_);
  spec.argv.push_back("-e");
  spec.argv.push_back(fmt::format("packer_build_name={} packer_builder_type={}", ctx.build_name, ctx.build_type));
  spec.argv.push_back("-i");
  spec.argv.push_back(inventory);
  if (!docker && !generated(ctx, "SSHPrivateKeyFile").empty()) {
    // As Packer with a key: only that key is offered. Its argument, quotes included, and the extra
    // arguments run together as Packer joins them.
    std::string args = fmt::format("{}", fmt::join(ssh_extra_args_, ""));
    if (args.empty()) args = "-o IdentitiesOnly=yes";
    spec.argv.insert(spec.argv.end(), {"--ssh-extra-args", "'" + args + "'"});
  }
  for (const auto& a : extra_arguments_) spec.argv.push_back(a);
  TaskTracker tasks;
  spec.on_line = [&](std::string_view l, bool) {
    tasks.see(l);
    ctx.ui.message(l);
  };
  ctx.ui.say(fmt::format("Executing Ansible: {}", fmt::join(spec.argv, " ")));
  ProcessResult r = run_process(spec);
  if (r.signaled || r.exit_code != 0) throw Error(tasks.describe(r.exit_code), ErrorCode::Build);
}

const Schema& AnsibleLocalProvisioner::schema() const {
  static const Schema s{.fields = {
      {"playbook_file", FieldType::String}, {"playbook_files", FieldType::StringList}, {"playbook_dir", FieldType::String},
      {"playbook_paths", FieldType::StringList}, {"role_paths", FieldType::StringList}, {"group_vars", FieldType::String},
      {"host_vars", FieldType::String}, {"galaxy_file", FieldType::String}, {"galaxy_command", FieldType::String},
      {"inventory_file", FieldType::String}, {"inventory_groups", FieldType::StringList},
      {"extra_arguments", FieldType::StringList}, {"command", FieldType::String}, {"staging_directory", FieldType::String},
      {"clean_staging_directory", FieldType::Bool},
  }, .deprecated = fix::deprecated_keys()};
  return s;
}

void AnsibleLocalProvisioner::prepare(const Config& c, Problems& problems) {
  playbooks_ = c.strings("playbook_files");
  if (c.has("playbook_file")) playbooks_.insert(playbooks_.begin(), c.str("playbook_file"));
  playbook_dir_ = c.str("playbook_dir");
  playbook_paths_ = c.strings("playbook_paths");
  role_paths_ = c.strings("role_paths");
  group_vars_ = c.str("group_vars");
  host_vars_ = c.str("host_vars");
  galaxy_file_ = c.str("galaxy_file");
  galaxy_command_ = c.str("galaxy_command", "ansible-galaxy");
  inventory_file_ = c.str("inventory_file");
  inventory_groups_ = c.strings("inventory_groups");
  extra_arguments_ = c.strings("extra_arguments");
  command_ = c.str("command", "ANSIBLE_FORCE_COLOR=0 PYTHONUNBUFFERED=1 ansible-playbook");
  staging_ = c.str("staging_directory");
  clean_staging_ = c.boolean("clean_staging_directory");
  if (playbooks_.empty()) problems.add(c.object().pos(), c.path(), "Either playbook_file or playbook_files must be specified");
  if (c.has("playbook_file") && c.has("playbook_files"))
    problems.add(c.object().pos(), c.path(), "Either playbook_file or playbook_files can be specified, not both");
  auto must_exist = [&](const std::string& key, const std::string& path, bool dir) {
    std::error_code unreadable;  // a path that cannot even be stat'ed counts as missing
    if (!path.empty() && !(dir ? fs::is_directory(path, unreadable) : fs::is_regular_file(path, unreadable)))
      problems.add(c.pos(key), c.path(), fmt::format("{}: {} is invalid: not found", key, path));
  };
  for (const auto& p : playbooks_) must_exist(c.has("playbook_file") ? "playbook_file" : "playbook_files", p, false);
  must_exist("playbook_dir", playbook_dir_, true);
  for (const auto& p : playbook_paths_) must_exist("playbook_paths", p, true);
  for (const auto& p : role_paths_) must_exist("role_paths", p, true);
  must_exist("group_vars", group_vars_, true);
  must_exist("host_vars", host_vars_, true);
  must_exist("galaxy_file", galaxy_file_, false);
  must_exist("inventory_file", inventory_file_, false);
}

void AnsibleLocalProvisioner::provision(ProvisionerContext& ctx) {
  if (!ctx.comm) throw Error("the ansible-local provisioner needs a communicator", ErrorCode::Build);
  TransferOptions opts{ctx.cancel, {}, std::nullopt};
  if (staging_.empty()) staging_ = "/tmp/packer-provisioner-ansible-local/" + ctx.interp.run->uuid;
  auto remote = [&](const std::string& command) {
    int status = ctx.comm->exec(command, ctx.ui.output_lines(), ctx.cancel);
    if (status != 0) throw Error(fmt::format("ansible-local: \"{}\" failed with status {}", command, status), ErrorCode::Build);
  };
  ctx.ui.say(fmt::format("Provisioning with Ansible..."));
  remote("mkdir -p " + shell_quote(staging_));
  if (!playbook_dir_.empty()) {
    ctx.ui.message("Uploading Playbook directory to Ansible staging directory...");
    ctx.comm->upload_dir(playbook_dir_, staging_, opts);
  }
  std::vector<std::string> remote_playbooks;
  for (const auto& p : playbooks_) {
    std::string target = staging_ + "/" + fs::path(p).filename().string();
    ctx.comm->upload_file(p, target, opts);
    remote_playbooks.push_back(target);
  }
  for (const auto& dir : playbook_paths_) ctx.comm->upload_dir(dir, staging_, opts);
  for (const auto& dir : role_paths_) ctx.comm->upload_dir(dir, staging_ + "/roles/" + fs::path(dir).filename().string(), opts);
  if (!group_vars_.empty()) ctx.comm->upload_dir(group_vars_, staging_ + "/group_vars", opts);
  if (!host_vars_.empty()) ctx.comm->upload_dir(host_vars_, staging_ + "/host_vars", opts);
  std::string inventory = staging_ + "/packer-provisioner-ansible-local-inventory";
  if (!inventory_file_.empty()) {
    ctx.comm->upload_file(inventory_file_, inventory, opts);
  } else {
    std::string text = "127.0.0.1\n";
    for (const auto& g : inventory_groups_) text += "[" + g + "]\n127.0.0.1\n";
    std::istringstream in(text);
    ctx.comm->upload(in, text.size(), inventory, opts);
  }
  if (!galaxy_file_.empty()) {
    std::string target = staging_ + "/" + fs::path(galaxy_file_).filename().string();
    ctx.comm->upload_file(galaxy_file_, target, opts);
    ctx.ui.say("Executing Ansible Galaxy");
    remote("cd " + shell_quote(staging_) + " && " + galaxy_command_ + " install -r " + shell_quote(target) + " -p " +
           shell_quote(staging_ + "/roles"));
  }
  for (const auto& playbook : remote_playbooks) {
    std::string command = fmt::format("cd {} && {} {} --extra-vars \"packer_build_name={} packer_builder_type={} "
                                      "packer_http_addr={}\" -c local -i {}",
                                      shell_quote(staging_), command_, shell_quote(playbook), ctx.build_name, ctx.build_type,
                                      generated(ctx, "PackerHTTPAddr"), shell_quote(inventory));
    for (const auto& a : extra_arguments_) command += " " + a;
    ctx.ui.say(fmt::format("Executing Ansible: {}", command));
    TaskTracker tasks;
    int status = ctx.comm->exec(command, [&](std::string_view l, bool is_stderr) {
      tasks.see(l);
      ctx.ui.output(l, is_stderr);
    }, ctx.cancel);
    if (status != 0) throw Error(tasks.describe(status), ErrorCode::Build);
  }
  if (clean_staging_) remote("rm -rf " + shell_quote(staging_));
}

}  // namespace kiln
