"""The builder families of the cancel matrix: each starts its fixtures, writes a template that runs
its builder with provisioners and post-processors, and lists what a run may leave behind."""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def moto_client(service, endpoint):
    """A boto3 client straight to moto (not through the signing proxy), for checking and cleaning up."""
    import boto3
    return boto3.client(service, region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
                        aws_secret_access_key="testing")


class Family:
    parallel = 3
    abort_after = None  # the step after which a resource exists: the -on-error=abort case cancels there

    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="kiln-cancel-"))
        self.template_path = self.work / "template.json"

    def start(self):
        self.template_path.write_text(json.dumps(self.template(), indent=1))

    def stop(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def env(self):
        return {}

    def abort_step(self, steps):
        """1-based index of the step the abort case cancels at, or 0 for none."""
        return next((i + 1 for i, s in enumerate(steps) if self.abort_after and s.startswith(self.abort_after)), 0)

    def check_resources(self, label):
        """What is left that a run should have removed, as failure messages."""
        return []

    def check_case(self, case):
        """What one case left that it should have removed (besides its TMPDIR and processes)."""
        return []

    def check_abort(self, case):
        """Failures of an -on-error=abort case (Packer leaves the resources); removes what it left."""
        out = "\n".join(case.lines)
        failures = [] if "Interrupted, aborting..." in out else ["no \"Interrupted, aborting...\" line"]
        if not case.cancelled:
            failures.append("not cancelled")  # an abort case also ends as a cancel: exit status 1
        if "behind (-on-error)" not in out:
            failures.append("no line names what was left behind")
        return failures


class File(Family):
    parallel = 4

    def template(self):
        source = self.work / "source.bin"
        source.write_bytes(os.urandom(1 << 20))
        return {
            "builders": [{"type": "file", "source": str(source), "target": "out/artifact.bin"}],
            "provisioners": [{"type": "shell-local", "inline": ["echo provisioning", "sleep 0.2"]}],
            "post-processors": [
                [{"type": "checksum", "checksum_types": ["sha256"], "output": "out/{{.BuildName}}.sum"},
                 {"type": "compress", "output": "out/artifact.tar.gz"}],
                {"type": "shell-local", "inline": ["echo post-processing", "sleep 0.2"]},
                {"type": "manifest", "output": "manifest.json"},
            ],
        }


class Sshd:
    """The sshd fixture, and the processes of its user (an SSH session's commands) that must end."""

    def __init__(self, work, options=()):
        self.dir = work / "sshd"
        self.options = list(options)

    def start(self):
        subprocess.run([FIXTURES / "sshd" / "sshd.sh", "start", self.dir, *self.options], check=True)
        self.user = (self.dir / "user").read_text().strip()
        self.port = int((self.dir / "port").read_text())
        self.home = (self.dir / "home").read_text().strip()

    def stop(self):
        subprocess.run([FIXTURES / "sshd" / "sshd.sh", "stop", self.dir])

    def processes_left(self):
        """The user's processes, given a few seconds to end: sshd ends a session's commands after the
        client went away, not at once."""
        for _ in range(100):
            found = subprocess.run(["pgrep", "-a", "-u", self.user], capture_output=True, text=True).stdout.split("\n")
            found = [p for p in found if p and "sshd" not in p]
            if not found:
                return []
            time.sleep(0.05)
        return [f"process of the SSH user left running: {p}" for p in found]

    def files_left(self):
        """The shell provisioner's uploaded scripts (remote_folder is the home: a uid a deleted user had
        may own old files in /tmp) must be gone."""
        found = subprocess.run(["find", self.home, "-maxdepth", "1", "-name", "script_*", "-o", "-name", "varfile_*"],
                               capture_output=True, text=True).stdout.split()
        for path in found:  # so that later checks count only their own
            subprocess.run(["rm", "-rf", path])
        return [f"file of the SSH user left: {p}" for p in found]

    def communicator(self):
        return {"communicator": "ssh", "ssh_host": "127.0.0.1", "ssh_port": self.port, "ssh_username": self.user,
                "ssh_private_key_file": str(self.dir / "id_ed25519"), "ssh_timeout": "30s"}


class NullSsh(Family):
    def start(self):
        self.sshd = Sshd(self.work)
        self.sshd.start()
        (self.work / "upload.txt").write_text("uploaded\n")
        (self.work / "playbook.yml").write_text(
            "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep 0.2\n")
        super().start()

    def stop(self):
        self.sshd.stop()
        super().stop()

    def template(self):
        return {
            "builders": [{"type": "null", **self.sshd.communicator()}],
            # ansible last: it is the slow one, and only the cases cancelled after it run it whole.
            "provisioners": [
                {"type": "shell", "inline": ["echo remote", "sleep 0.3"], "remote_folder": self.sshd.home},
                {"type": "file", "source": str(self.work / "upload.txt"), "destination": self.sshd.home + "/upload.txt"},
                {"type": "shell-local", "inline": ["echo local", "sleep 0.2"]},
                {"type": "ansible", "playbook_file": str(self.work / "playbook.yml")},
            ],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }

    def check_resources(self, label):
        return [f"{label}: {p}" for p in self.sshd.processes_left() + self.sshd.files_left()]


class Docker(Family):
    abort_after = "Starting docker container..."

    def start(self):
        self.engine = self.work / "engine"
        if subprocess.run([FIXTURES / "dockerd" / "dockerd.sh", "start", self.engine]).returncode != 0:
            # On a loaded machine containerd can miss dockerd's start timeout: once more before failing.
            subprocess.run([FIXTURES / "dockerd" / "dockerd.sh", "stop", self.engine])
            subprocess.run([FIXTURES / "dockerd" / "dockerd.sh", "start", self.engine], check=True)
        (self.work / "upload.txt").write_text("uploaded\n")
        super().start()

    def stop(self):
        subprocess.run([FIXTURES / "dockerd" / "dockerd.sh", "stop", self.engine])
        super().stop()

    def env(self):
        return {"DOCKER_HOST": f"unix://{self.engine}/docker.sock"}

    def template(self):
        return {
            "builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": False, "commit": True}],
            "provisioners": [
                {"type": "shell", "inline": ["echo inside", "sleep 0.3"]},
                {"type": "file", "source": str(self.work / "upload.txt"), "destination": "/root/upload.txt"},
            ],
            "post-processors": [[{"type": "docker-tag", "repository": "kiln-cancel", "tag": ["latest"]}],
                                {"type": "manifest", "output": "manifest.json"}],
        }

    def api(self, method, path):
        out = subprocess.run(["curl", "-sf", "-X", method, "--unix-socket", f"{self.engine}/docker.sock",
                              f"http://localhost/v1.41{path}"], capture_output=True, text=True, check=True).stdout
        return json.loads(out) if out else None

    def containers(self):
        return self.api("GET", "/containers/json?all=1")

    def check_resources(self, label):
        left = self.containers()
        for c in left:  # so that later checks count only their own
            self.api("DELETE", f"/containers/{c['Id']}?force=true&v=true")
        return [f"{label}: container left: {c['Id'][:12]} {c['State']}" for c in left]

    def check_abort(self, case):
        failures = super().check_abort(case)
        left = self.containers()
        if len(left) != 1:
            failures.append(f"-on-error=abort left {len(left)} containers, not the one it started (as Packer)")
        for c in left:
            self.api("DELETE", f"/containers/{c['Id']}?force=true&v=true")
        return failures


class AmazonEbs(Family):
    parallel = 4
    abort_after = "Launching a source AWS instance..."
    credentials = {"AWS_ACCESS_KEY_ID": "AKIDKILNCANCEL", "AWS_SECRET_ACCESS_KEY": "kiln-cancel-secret"}
    sshd_options = ()

    def start(self):
        self.sshd = Sshd(self.work, self.sshd_options)
        self.sshd.start()
        self.moto = self.work / "moto"
        subprocess.run([FIXTURES / "moto" / "moto.sh", "start", self.moto, FIXTURES / "sshd" / "sshd.sh", "authorize",
                        self.sshd.dir], check=True, env=dict(os.environ, **self.credentials))
        self.ec2 = moto_client("ec2", (self.moto / "moto_endpoint").read_text().strip())
        self.volumes_before = {v["VolumeId"] for v in self.ec2.describe_volumes()["Volumes"]}
        super().start()

    def stop(self):
        subprocess.run([FIXTURES / "moto" / "moto.sh", "stop", self.moto])
        self.sshd.stop()
        super().stop()

    def env(self):
        return self.credentials

    def template(self):
        comm = self.sshd.communicator()
        del comm["ssh_private_key_file"]  # the temporary key pair: cloud-init (the fixture's stand-in) installs it
        return {
            "builders": [{
                "type": "amazon-ebs", "region": "us-east-1", "skip_region_validation": True,
                "custom_endpoint_ec2": (self.moto / "endpoint").read_text().strip(),
                "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"},
                                      "owners": ["amazon"], "most_recent": True},
                "instance_type": "t2.micro", "ami_name": "kiln-cancel-{{timestamp}}-{{uuid}}",
                "aws_polling": {"delay_seconds": 1, "max_attempts": 20}, **comm}],
            "provisioners": [{"type": "shell", "inline": ["echo remote", "sleep 0.3"], "remote_folder": self.sshd.home}],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }

    def leftovers(self):
        instances = [i["InstanceId"] for r in self.ec2.describe_instances()["Reservations"] for i in r["Instances"]
                     if i["State"]["Name"] not in ("terminated", "shutting-down")]
        keys = [k["KeyName"] for k in self.ec2.describe_key_pairs()["KeyPairs"] if k["KeyName"].startswith("packer_")]
        groups = [g["GroupId"] for g in self.ec2.describe_security_groups()["SecurityGroups"]
                  if g["GroupName"].startswith("packer_")]
        # A live instance's volumes are counted with it.
        volumes = [v["VolumeId"] for v in self.ec2.describe_volumes()["Volumes"]
                   if v["VolumeId"] not in self.volumes_before and v["State"] != "deleted"
                   and not any(a["InstanceId"] in instances for a in v.get("Attachments", []))]
        return instances, keys, groups, volumes

    def check_resources(self, label):
        instances, keys, groups, volumes = self.leftovers()
        self.remove(instances, keys, groups)  # so that later checks count only their own
        return ([f"{label}: instance left: {i}" for i in instances] + [f"{label}: key pair left: {k}" for k in keys] +
                [f"{label}: security group left: {g}" for g in groups] + [f"{label}: volume left: {v}" for v in volumes] +
                [f"{label}: {p}" for p in self.sshd.processes_left() + self.sshd.files_left()])

    def check_abort(self, case):
        failures = super().check_abort(case)
        instances, keys, groups, _ = self.leftovers()
        if not (len(instances) == 1 and len(keys) == 1 and len(groups) == 1):
            failures.append(f"-on-error=abort left instances {instances}, key pairs {keys}, groups {groups}: "
                            "not the one of each it made (as Packer)")
        self.remove(instances, keys, groups)
        return failures

    def remove(self, instances, keys, groups):
        if instances:
            self.ec2.terminate_instances(InstanceIds=instances)
        for k in keys:
            self.ec2.delete_key_pair(KeyName=k)
        for g in groups:
            self.ec2.delete_security_group(GroupId=g)


class AmazonInstance(AmazonEbs):
    """amazon-ebs's launch, then the X.509 upload, the bundle and upload commands on the instance
    (the AMI tools stand-ins in the login user's ~/bin, which `sudo -i` finds with the sshd
    fixture's sudo-self) and RegisterImage."""
    sshd_options = ("sudo-self",)

    def start(self):
        super().start()
        home, user = Path(self.sshd.home), self.sshd.user
        for d in ("bin", "x509", "bundle"):
            (home / d).mkdir(exist_ok=True)
        for tool in ("ec2-bundle-vol", "ec2-upload-bundle"):
            shutil.copy(FIXTURES / "ami_tools" / tool, home / "bin" / tool)
        import sysconfig
        endpoint = (self.moto / "moto_endpoint").read_text().strip()
        (home / "ami-tools.json").write_text(json.dumps(
            {"s3_endpoint": endpoint, "site_packages": sysconfig.get_paths()["purelib"]}))
        subprocess.run(["chown", "-R", f"{user}:{user}", home / "bin", home / "x509", home / "bundle",
                        home / "ami-tools.json"], check=True)
        # Made once here: the runs of the matrix upload side by side.
        moto_client("s3", endpoint).create_bucket(Bucket="kiln-cancel")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=kiln", "-days", "1",
                        "-keyout", self.work / "x509-key.pem", "-out", self.work / "x509-cert.pem"],
                       check=True, capture_output=True)

    def template(self):
        t = super().template()
        t["builders"][0].update({
            "type": "amazon-instance", "account_id": "123456789012", "s3_bucket": "kiln-cancel",
            "x509_cert_path": str(self.work / "x509-cert.pem"), "x509_key_path": str(self.work / "x509-key.pem"),
            "x509_upload_path": f"{self.sshd.home}/x509", "bundle_destination": f"{self.sshd.home}/bundle",
            "bundle_prefix": "cancel-{{uuid}}"})
        return t


class Qemu(Family):
    """The qemu builder on the test guest (tests/fixtures/qemu) under TCG, with a cd_files CD and an HTTP
    directory, so that every step has something to undo. No -on-error=abort case: Packer then leaves qemu
    running, which the per-case check counts as a leak."""
    parallel = 2

    def __init__(self, guest_dir):
        super().__init__()
        self.guest = Path(guest_dir)

    def start(self):
        subprocess.run([FIXTURES / "qemu" / "make_guest.sh", self.guest], check=True)
        shutil.copy(self.guest / "disk.qcow2", self.work / "src.qcow2")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.work / "key"], check=True)
        for directory, name, text in (("www", "hello.txt", "served\n"), ("seed", "note.txt", "on the CD\n")):
            (self.work / directory).mkdir()
            (self.work / directory / name).write_text(text)
        super().start()

    def template(self):
        key = base64.b64encode((self.work / "key.pub").read_bytes()).decode()
        return {
            "builders": [{
                "type": "qemu", "disk_image": True, "iso_url": str(self.work / "src.qcow2"), "iso_checksum": "none",
                "accelerator": "tcg", "headless": True, "memory": 256, "disk_size": "96M", "output_directory": "out",
                "http_directory": str(self.work / "www"), "http_bind_address": "127.0.0.1", "boot_wait": "1ms",
                "cd_files": [str(self.work / "seed")], "cd_label": "cidata",
                "qemuargs": [["-kernel", str(self.guest / "vmlinuz")], ["-initrd", str(self.guest / "initrd.img")],
                             ["-cpu", "max"], ["-append", f"console=ttyS0 kiln.authorized_key={key}"]],
                "ssh_username": "root", "ssh_private_key_file": str(self.work / "key"), "ssh_timeout": "2m",
                "shutdown_command": "poweroff", "shutdown_timeout": "1m"}],
            "provisioners": [{"type": "shell", "inline": ["echo inside", "sleep 0.3"]}],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }

    def check_case(self, case):
        """A build cancelled before its artifact was made removes its output directory."""
        out = case.dir / "out"
        building = not any(step.startswith("Running post-processor") for step in case.steps)
        if case.cancelled and case.on_error == "cleanup" and building and out.exists():
            shutil.rmtree(out)
            return [f"output directory left: {out.relative_to(self.work)}"]
        return []


class AmazonChroot(Family):
    """amazon-chroot on the chroot fixture (tests/fixtures/chroot): this machine plays the instance, a loop
    device over a small ext4 image plays the attached volume, moto plays EC2. One disk image and one
    device node: the cases run one at a time, and each is checked alone (mounts, device, loop device,
    volumes, snapshots and AMIs). The -on-error=abort case cancels in provisioning, with everything
    mounted: Packer then leaves the volume attached and mounted."""
    parallel = 1
    abort_after = "Provisioning with shell script"
    credentials = {"AWS_ACCESS_KEY_ID": "AKIDKILNCHROOTCANCEL", "AWS_SECRET_ACCESS_KEY": "kiln-chroot-cancel-secret"}

    def start(self):
        self.world = self.work / "world"
        self.fixture = FIXTURES / "chroot" / "chroot.sh"
        subprocess.run([self.fixture, "start", self.world], check=True, env=dict(os.environ, **self.credentials))
        self.endpoint = (self.world / "endpoint").read_text().strip()
        self.device = Path((self.world / "device").read_text().strip())
        self.ec2 = moto_client("ec2", (self.world / "moto_endpoint").read_text().strip())
        self.before = self.ec2_state()
        (self.work / "upload.txt").write_text("uploaded\n")
        super().start()

    def stop(self):
        # The fixture takes down what a failed run left mounted before anything is removed.
        if subprocess.run([self.fixture, "stop", self.world]).returncode == 0:
            super().stop()

    def env(self):
        return dict(self.credentials, AWS_EC2_METADATA_SERVICE_ENDPOINT=self.endpoint,
                    NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")

    def template(self):
        return {
            "builders": [{
                "type": "amazon-chroot", "region": "us-east-1", "custom_endpoint_ec2": self.endpoint,
                "source_ami": (self.world / "ami").read_text().strip(), "ami_name": "kiln-cancel-{{uuid}}",
                "device_path": str(self.device), "mount_path": str(self.world / "mnt" / "{{.Device}}"),
                "mount_partition": "0", "pre_mount_commands": ["echo before mounting {{.Device}}"],
                "post_mount_commands": ["echo mounted at {{.MountPath}}"],
                "aws_polling": {"delay_seconds": 1, "max_attempts": 30}}],
            "provisioners": [
                {"type": "shell", "inline": ["echo inside", "sleep 0.3"]},
                {"type": "file", "source": str(self.work / "upload.txt"), "destination": "/root/upload.txt"},
            ],
            "post-processors": [{"type": "manifest", "output": "manifest.json"}],
        }

    def ec2_state(self):
        volumes = {v["VolumeId"] for v in self.ec2.describe_volumes()["Volumes"] if v["State"] != "deleted"}
        # moto's RegisterImage makes a snapshot of its own for the AMI, and keeps it (EC2 does not).
        snapshots = {s["SnapshotId"] for s in self.ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
                     if not s.get("Description", "").startswith("Auto-created snapshot for AMI")}
        images = {i["ImageId"] for i in self.ec2.describe_images(Owners=["self"])["Images"]}
        return volumes, snapshots, images

    def host_left(self):
        """Mounts under the fixture's directory, the mount directory, the device node and the loop device."""
        left = [f"mount left: {line.split()[1]}" for line in Path("/proc/mounts").read_text().splitlines()
                if line.split()[1].startswith(f"{self.world}/")]
        left += [f"mount directory left: {d}" for d in (self.world / "mnt").glob("*")]
        if self.device.exists() or (self.world / "loop").exists():
            left.append(f"volume still attached: {self.device}")
        return left

    def cloud_left(self, case):
        """What the case made in moto and did not remove. A build whose steps had all run keeps its AMI and
        snapshot: the cancel came in the builder's last cleanup or in a post-processor."""
        volumes, snapshots, images = (now - old for now, old in zip(self.ec2_state(), self.before))
        steps = case.steps[:case.cancel_at] if case.cancel_at else case.steps
        built = not case.cancelled or any(s.startswith(("Deleting the created EBS volume", "Running post-processor"))
                                          for s in steps)
        if built and len(images) == 1 and len(snapshots) == 1:
            self.before = (self.before[0], self.before[1] | snapshots, self.before[2] | images)
            images = snapshots = set()
        return ([f"volume left: {v}" for v in sorted(volumes)] + [f"snapshot left: {s}" for s in sorted(snapshots)] +
                [f"AMI left: {i}" for i in sorted(images)])

    def clean(self):
        """Undoes what a run left, so that the next case counts only its own."""
        subprocess.run([self.fixture, "unmount", self.world], check=True)
        shutil.rmtree(self.world / "mnt", ignore_errors=True)
        if self.device.exists() or (self.world / "loop").exists():
            subprocess.run([self.fixture, "volume", self.world, "detach", "-"], check=True)
        volumes, snapshots, images = (now - old for now, old in zip(self.ec2_state(), self.before))
        for i in images:
            self.ec2.deregister_image(ImageId=i)
        for s in snapshots:
            self.ec2.delete_snapshot(SnapshotId=s)
        for v in volumes:
            for a in self.ec2.describe_volumes(VolumeIds=[v])["Volumes"][0].get("Attachments", []):
                self.ec2.detach_volume(VolumeId=v, InstanceId=a["InstanceId"], Device=a["Device"])
            self.ec2.delete_volume(VolumeId=v)

    def check_case(self, case):
        if case.on_error == "abort":
            return []  # check_abort counts what it left
        left = self.host_left() + self.cloud_left(case)
        if left:
            self.clean()
        return left

    def check_abort(self, case):
        failures = super().check_abort(case)
        volumes = self.ec2_state()[0] - self.before[0]
        if not (len(volumes) == 1 and self.device.exists() and any(m.startswith("mount left") for m in self.host_left())):
            failures.append(f"-on-error=abort left volumes {sorted(volumes)} and {self.host_left()}: not the volume "
                            "attached and mounted (as Packer)")
        self.clean()
        return failures


FAMILIES = {"file": File, "null-ssh": NullSsh, "docker": Docker, "amazon-ebs": AmazonEbs,
            "amazon-instance": AmazonInstance, "qemu": Qemu,
            "amazon-chroot": AmazonChroot}
