"""Secrets through every output (issue 15, item 6): builds that use known secret values (a JSON
sensitive variable, an HCL2 `sensitive = true` variable, a Secrets Manager secret read by
{{aws_secretsmanager}}, AWS access key, secret key and session
token (amazon-ebs, and amazon-instance, which also sends them to the instance), ssh_password, docker
login_password, right and wrong) run through `kiln build` (human,
-machine-readable and --events=json, with PACKER_LOG=1 and PACKER_LOG_PATH), the C host's event
callback and the Python host's. A scan then looks for every secret, raw, URL-encoded, JSON-escaped
and base64-encoded, in: stdout and stderr, the debug log, the events, error messages (some builds
fail after using the secret), every file the run left in its directory (manifest, artifacts), and a
snapshot taken mid-build by a shell-local provisioner: kiln's TMPDIR (any file holding a secret must
be 0600/0700 and gone after the run), the provisioner's environment and every process's command line.
Any occurrence fails. (kiln rejects passphrase-protected SSH keys as Packer 1.6.6 does, so there
is no passphrase to leak.)

usage: secrets_scan.py KILN EVENT_HOST
Writes $KILN_REPORT_DIR/secrets.json {"secret_values": N, "outputs_scanned": N, "occurrences": N}."""
import base64
import concurrent.futures
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

import host_preload

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"

JSON_SECRET = "kJ5/s3cret+Json=Ab"
HCL_SECRET = "kH7/s3cret+Hcl=Cd"
AWS = {"access_key": "AKIAKILNSECRET7TEST", "secret_key": "kA9/aws+Secret=Key0", "token": "kT3/aws+Session=Token1"}
SM_SECRET = "kS5/sm+Secret=Ef"
REGISTRY_PASSWORD = "kD2/reg+Pass=Word"
WRONG_REGISTRY_PASSWORD = "kW4/wrong+Pass=Word"
MASK = "<sensitive>"

# The mid-build snapshot: kiln's TMPDIR with modes, this process's environment, and the command line
# of every process of the run (those that inherited its KILN_SECRETS_RUN: kiln or the host, and children).
SNAPSHOT = ('mkdir -p "$SNAP" && cp -a "$TMPDIR" "$SNAP/tmp" && env > "$SNAP/env" && '
            'for p in /proc/[0-9]*; do { tr "\\0" "\\n" < $p/environ | grep -qx "KILN_SECRETS_RUN=$KILN_SECRETS_RUN" && '
            'tr "\\0" " " < $p/cmdline && echo; } 2>/dev/null; done > "$SNAP/cmdlines"; true')


def forms(secret):
    """The secret as it could appear: raw, URL-encoded, JSON-escaped, base64 at each alignment."""
    found = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret), json.dumps(secret)[1:-1]}
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + secret.encode()).decode()
        start = (shift * 4 + 2) // 3  # characters that still hold the padding bytes
        end = len(encoded) - (4 if (shift + len(secret)) % 3 else 0)  # the last group mixes in what follows
        if end - start >= 8:
            found.add(encoded[start:end])
    return found


def snapshot_step(snap):
    return {"type": "shell-local", "environment_vars": [f"SNAP={snap}"], "inline": [SNAPSHOT]}


class Scenario:
    """A template, the secrets it uses, whether its build fails (after using them) and whether it
    prints a secret (which must come out masked)."""
    fails = False
    hcl2 = False
    prints_secret = False
    fetched = False  # the secrets come from a service, not the template

    def __init__(self, work):
        self.work = work / self.name
        self.work.mkdir()

    def start(self):
        pass

    def stop(self):
        pass

    def env(self):
        return {}

    def write(self, run_dir):
        snap = run_dir / "snapshot"
        text = self.template(snap)
        path = run_dir / ("template.pkr.hcl" if self.hcl2 else "template.json")
        path.write_text(text if self.hcl2 else json.dumps(text, indent=1))
        return path


class JsonVariable(Scenario):
    name = "json-variable"
    prints_secret = True
    secrets = [JSON_SECRET]

    def template(self, snap):
        return {
            "variables": {"pw": JSON_SECRET}, "sensitive-variables": ["pw"],
            "builders": [{"type": "null", "communicator": "none"}],
            "provisioners": [
                {"type": "shell-local", "inline": ["echo the password is {{user `pw`}}"]},
                {"type": "shell-local", "environment_vars": ["PW={{user `pw`}}"], "inline": ["echo $PW | base64"]},
                snapshot_step(snap),
            ],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }


class JsonVariableFails(JsonVariable):
    """The error names the failing script (killed by a signal), whose path holds the secret."""
    name = "json-variable-fails"
    fails = True
    secrets = [JSON_SECRET, JSON_SECRET.replace("/", "_")]

    def template(self, snap):
        script = self.work / f"{JSON_SECRET.replace('/', '_')}.sh"
        # Each way's run writes it afresh while another may be running it: a new file renamed over the
        # old one, since rewriting a script that runs fails (ETXTBSY).
        fresh = script.with_name(f"{script.name}.{threading.get_ident()}")
        fresh.write_text("#!/bin/sh\nkill -KILL $$\n")
        fresh.chmod(0o755)
        os.replace(fresh, script)
        t = super().template(snap)
        t["variables"]["script"] = str(script)
        t["sensitive-variables"].append("script")
        t["provisioners"].append({"type": "shell-local", "script": "{{user `script`}}"})
        return t


class HclVariable(Scenario):
    name = "hcl2-sensitive"
    prints_secret = True
    secrets = [HCL_SECRET]
    hcl2 = True

    def template(self, snap):
        return f'''
variable "pw" {{
  type      = string
  default   = "{HCL_SECRET}"
  sensitive = true
}}
source "null" "x" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.x"]
  provisioner "shell-local" {{
    inline = ["echo the password is ${{var.pw}}"]
  }}
  provisioner "shell-local" {{
    environment_vars = ["SNAP={snap}"]
    inline           = [{json.dumps(SNAPSHOT)}]
  }}
  post-processor "manifest" {{
    output = "manifest.json"
  }}
}}
'''


class SshPassword(Scenario):
    """Also fails, after the password was used."""
    name = "ssh-password"
    prints_secret = True
    fails = True

    def start(self):
        self.sshd = self.work / "sshd"
        subprocess.run([FIXTURES / "sshd" / "sshd.sh", "start", self.sshd], check=True)
        self.password = (self.sshd / "password").read_text().strip()
        self.secrets = [self.password, JSON_SECRET]

    def stop(self):
        subprocess.run([FIXTURES / "sshd" / "sshd.sh", "stop", self.sshd])

    def template(self, snap):
        return {
            "variables": {"pw": JSON_SECRET}, "sensitive-variables": ["pw"],
            "builders": [{"type": "null", "communicator": "ssh", "ssh_host": "127.0.0.1",
                          "ssh_port": int((self.sshd / "port").read_text()),
                          "ssh_username": (self.sshd / "user").read_text().strip(), "ssh_password": self.password}],
            "provisioners": [
                {"type": "shell", "environment_vars": ["PW={{user `pw`}}"],
                 "inline": ["echo remote $PW", f"echo '{self.password}' | sudo -S -p '' true"]},
                {"type": "file", "content": "{{user `pw`}}",
                 "destination": (self.sshd / "home").read_text().strip() + f"/upload-{snap.parent.name}"},
                snapshot_step(snap),
                {"type": "shell", "inline": ["echo failing after the password was used {{user `pw`}}; exit 4"]},
            ],
        }


class Aws(Scenario):
    name = "amazon-ebs"
    secrets = list(AWS.values())
    sshd_options = []

    def start(self):
        self.sshd = self.work / "sshd"
        subprocess.run([FIXTURES / "sshd" / "sshd.sh", "start", self.sshd, *self.sshd_options], check=True)
        self.moto = self.work / "moto"
        creds = {"AWS_ACCESS_KEY_ID": AWS["access_key"], "AWS_SECRET_ACCESS_KEY": AWS["secret_key"],
                 "AWS_SESSION_TOKEN": AWS["token"]}
        subprocess.run([FIXTURES / "moto" / "moto.sh", "start", self.moto, FIXTURES / "sshd" / "sshd.sh", "authorize",
                        self.sshd], check=True, env=dict(os.environ, **creds))

    def stop(self):
        subprocess.run([FIXTURES / "moto" / "moto.sh", "stop", self.moto])
        subprocess.run([FIXTURES / "sshd" / "sshd.sh", "stop", self.sshd])

    def template(self, snap):
        return {
            "builders": [{
                "type": "amazon-ebs", "region": "us-east-1", "skip_region_validation": True, **AWS,
                "custom_endpoint_ec2": (self.moto / "endpoint").read_text().strip(),
                "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"},
                                      "owners": ["amazon"], "most_recent": True},
                "instance_type": "t2.micro", "ami_name": "kiln-secrets-{{uuid}}",
                "aws_polling": {"delay_seconds": 1, "max_attempts": 20},
                "ssh_host": "127.0.0.1", "ssh_port": int((self.sshd / "port").read_text()),
                "ssh_username": (self.sshd / "user").read_text().strip(), "ssh_timeout": "30s"}],
            "provisioners": [{"type": "shell", "inline": ["echo remote"]}, snapshot_step(snap)],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }


class AwsInstance(Aws):
    """amazon-instance: the keys also go to the instance, in the bundle upload command, whose output
    (here an echo of them before the stand-in ec2-upload-bundle runs) comes back masked."""
    name = "amazon-instance"
    prints_secret = True
    sshd_options = ["sudo-self"]  # `sudo -i` finds the AMI tools stand-ins in the login user's ~/bin

    def start(self):
        super().start()
        home, user = (self.sshd / "home").read_text().strip(), (self.sshd / "user").read_text().strip()
        self.home = home
        for d in ("bin", "x509", "bundle"):
            Path(home, d).mkdir(exist_ok=True)
        for tool in ("ec2-bundle-vol", "ec2-upload-bundle"):
            shutil.copy(FIXTURES / "ami_tools" / tool, Path(home, "bin", tool))
        site_packages = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                       capture_output=True, text=True, check=True).stdout.strip()
        Path(home, "ami-tools.json").write_text(json.dumps(
            {"s3_endpoint": (self.moto / "moto_endpoint").read_text().strip(), "site_packages": site_packages}))
        subprocess.run(["chown", "-R", f"{user}:{user}", f"{home}/bin", f"{home}/x509", f"{home}/bundle",
                        f"{home}/ami-tools.json"], check=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=kiln", "-days", "1",
                        "-keyout", self.work / "x509-key.pem", "-out", self.work / "x509-cert.pem"],
                       check=True, capture_output=True)

    def template(self, snap):
        t = super().template(snap)
        b = t["builders"][0]
        b.update({"type": "amazon-instance", "account_id": "1234-5678-9012", "s3_bucket": f"kiln-{snap.parent.name}",
                  "x509_cert_path": str(self.work / "x509-cert.pem"), "x509_key_path": str(self.work / "x509-key.pem"),
                  "x509_upload_path": f"{self.home}/x509", "bundle_destination": f"{self.home}/bundle",
                  "bundle_prefix": "secrets-{{uuid}}",
                  "bundle_upload_command": "echo keys {{.AccessKey}} {{.SecretKey}} && sudo -i -n ec2-upload-bundle "
                                           "-b {{.BucketName}} -m {{.ManifestPath}} -a {{.AccessKey}} -s {{.SecretKey}} "
                                           "-d {{.BundleDirectory}} --batch --region {{.Region}} --retry"})
        return t


class SecretsManager(Scenario):
    """A variable's default read from Secrets Manager (moto, behind the signing proxy) and printed."""
    name = "secretsmanager"
    prints_secret = True
    fetched = True
    secrets = [SM_SECRET]

    def start(self):
        self.moto = self.work / "moto"
        subprocess.run([FIXTURES / "moto" / "moto.sh", "start", self.moto], check=True,
                       env=dict(os.environ, AWS_ACCESS_KEY_ID="AKIAKILNSMTEST", AWS_SECRET_ACCESS_KEY="testing"))
        subprocess.run([HERE.parent.parent / ".venv" / "bin" / "python", FIXTURES / "moto" / "check.py",
                        (self.moto / "moto_endpoint").read_text().strip(), "put-secret", "kiln/scan",
                        json.dumps({"user": "scan", "password": SM_SECRET})], check=True, capture_output=True)

    def stop(self):
        subprocess.run([FIXTURES / "moto" / "moto.sh", "stop", self.moto])

    def env(self):
        return {"AWS_ACCESS_KEY_ID": "AKIAKILNSMTEST", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER": (self.moto / "endpoint").read_text().strip()}

    def template(self, snap):
        return {
            "variables": {"pw": "{{aws_secretsmanager `kiln/scan` `password`}}"},
            "builders": [{"type": "null", "communicator": "none"}],
            "provisioners": [
                {"type": "shell-local", "inline": ["echo the password is {{user `pw`}}"]},
                {"type": "shell-local", "environment_vars": ["PW={{user `pw`}}"], "inline": ["echo $PW | base64"]},
                snapshot_step(snap),
            ],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }


class DockerLogin(Scenario):
    name = "docker-login"
    secrets = [REGISTRY_PASSWORD]
    wrong = False

    def start(self):
        self.engine, self.registry = self.work / "engine", self.work / "registry"
        subprocess.run([FIXTURES / "dockerd" / "dockerd.sh", "start", self.engine], check=True)
        subprocess.run([FIXTURES / "registry" / "registry.sh", "start", self.registry, "kiln", REGISTRY_PASSWORD],
                       check=True)

    def stop(self):
        subprocess.run([FIXTURES / "registry" / "registry.sh", "stop", self.registry])
        subprocess.run([FIXTURES / "dockerd" / "dockerd.sh", "stop", self.engine])

    def env(self):
        return {"DOCKER_HOST": f"unix://{self.engine}/docker.sock"}

    def template(self, snap):
        registry = (self.registry / "address").read_text().strip()
        password = WRONG_REGISTRY_PASSWORD if self.wrong else REGISTRY_PASSWORD
        return {
            "builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": False, "commit": True}],
            "provisioners": [snapshot_step(snap)],
            "post-processors": [[
                {"type": "docker-tag", "repository": f"{registry}/kiln/secrets", "tags": [snap.parent.name]},
                {"type": "docker-push", "login": True, "login_server": registry, "login_username": "kiln",
                 "login_password": password}]],
        }


class DockerWrongLogin(DockerLogin):
    """The push is refused: the error comes after the (wrong) password was sent."""
    name = "docker-wrong-login"
    secrets = [WRONG_REGISTRY_PASSWORD]
    wrong = True
    fails = True


SCENARIOS = [JsonVariable, JsonVariableFails, HclVariable, SshPassword, Aws, AwsInstance, SecretsManager, DockerLogin,
             DockerWrongLogin]
WAYS = ["cli", "cli-machine-readable", "cli-events-json", "c-host", "python-host"]


def run(scenario, way, kiln, event_host):
    """Runs the scenario one way; returns {output name: text} and a list of problems found besides."""
    run_dir = scenario.work / way
    tmp = run_dir / "tmp"
    tmp.mkdir(parents=True)
    template = scenario.write(run_dir)
    log = run_dir / "packer.log"
    env = dict(os.environ, TMPDIR=str(tmp), PACKER_LOG="1", PACKER_LOG_PATH=str(log),
               KILN_SECRETS_RUN=f"{scenario.name}-{way}", **scenario.env())
    command = {"cli": [kiln, "build", "-color=false"],
               "cli-machine-readable": [kiln, "-machine-readable", "build"],
               "cli-events-json": [kiln, "build", "--events=json"]}.get(way)
    if command:
        command = command + [str(template)]
    elif way == "c-host":
        command = [event_host, str(template), "0", "cleanup"]
    else:
        command = [sys.executable, str(HERE / "event_host.py"), str(template), "0", "cleanup"]
        env = host_preload.for_python_host(env)
    proc = subprocess.run(command, cwd=run_dir, env=env, capture_output=True, text=True, errors="replace")
    outputs = {f"{way} stdout": proc.stdout, f"{way} stderr": proc.stderr}
    problems = []
    succeeded = proc.returncode == 0 and not any(
        line in proc.stdout for line in ("status=error", "status=-", "status=interrupted"))
    if succeeded == scenario.fails:
        problems.append(f"{way}: the build {'succeeded' if succeeded else 'failed'} (exit {proc.returncode}):\n"
                        + (proc.stdout + proc.stderr)[-3000:])
    snap = run_dir / "snapshot"
    if not snap.exists():
        problems.append(f"{way}: the mid-build snapshot was not taken")
    temporary = [p for p in (snap / "tmp").rglob("*") if p.is_file()]
    if snap.exists() and not temporary:
        problems.append(f"{way}: the snapshot of TMPDIR is empty (it holds at least the running script)")
    for path in temporary:  # kiln's to hold while running, a secret too, but for its owner only
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            problems.append(f"{way}: temporary file {path.name} was mode {mode:o} mid-build, not 0600/0700")
    for path in sorted(p for p in run_dir.rglob("*") if p.is_file() and p != template and p not in temporary):
        name = f"{way} file {path.relative_to(run_dir)}"
        outputs[name] = path.read_bytes().decode(errors="replace")
        if path.is_relative_to(tmp):
            problems.append(f"{name}: left in TMPDIR after the run")
    # The scan could pass for want of anything to find: the run must have used every secret, and
    # where the template prints one, its output must show it masked.
    used = template.read_text()
    problems += [f"{way}: the template does not use the secret {secret!r}" for secret in scenario.secrets
                 if secret not in used and not scenario.fetched]
    if scenario.prints_secret and MASK not in proc.stdout:
        problems.append(f"{way}: no {MASK} in the output, where the template prints a secret")
    return outputs, problems


def main():
    kiln, event_host = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    work = Path(tempfile.mkdtemp(prefix="kiln-secrets-"))
    scenarios = [cls(work) for cls in SCENARIOS]
    failures, secret_values, outputs_scanned, occurrences = [], set(), 0, 0
    try:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda s: s.start(), scenarios))
            jobs = [(s, way, pool.submit(run, s, way, kiln, event_host)) for s in scenarios for way in WAYS]
            for scenario, way, job in jobs:
                outputs, problems = job.result()
                failures += [f"{scenario.name}: {p}" for p in problems]
                secrets = scenario.secrets
                secret_values.update(secrets)
                for name, text in outputs.items():
                    outputs_scanned += 1
                    for secret in secrets:
                        for form in forms(secret):
                            count = text.count(form)
                            if count:
                                occurrences += count
                                line = next(l for l in text.splitlines() if form in l)
                                failures.append(f"{scenario.name}: {name}: {count} × {form!r}: {line[:300]}")
    finally:
        for s in scenarios:
            s.stop()
        subprocess.run(["rm", "-rf", str(work)])
    print(f"{len(secret_values)} secret values, {outputs_scanned} outputs scanned, {occurrences} occurrences")
    report_dir = os.environ.get("KILN_REPORT_DIR")
    if report_dir:
        Path(report_dir, "secrets.json").write_text(json.dumps(
            {"secret_values": len(secret_values), "outputs_scanned": outputs_scanned, "occurrences": occurrences}) + "\n")
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
