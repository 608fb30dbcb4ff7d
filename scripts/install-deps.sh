#!/usr/bin/env bash
# Installs what kiln needs on Debian 12, idempotently. Run as root.
# usage: install-deps.sh [--build-only]
#   --build-only: only what building and running kiln needs (scripts/demo.sh); without it, also every
#   tool the test suite runs against (scripts/test.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_only=false
[[ ${1:-} == --build-only ]] && build_only=true

build_packages=(
  meson ninja-build pkg-config g++ rapidjson-dev libcurl4-openssl-dev libssl-dev
  libfmt-dev libpugixml-dev libarchive-dev libdeflate-dev libzstd-dev
  # libssh2 1.11 from source (scripts/build-libssh2.sh)
  cmake dpkg-dev
  # a linker several times faster than GNU ld (scripts/build.sh, scripts/test.sh)
  mold
)
test_packages=(
  doctest-dev
  # tests: archive readers, the Packer reference, a real sshd, ABI tools, python
  time zstd xz-utils lz4 unzip zip gzip pigz packer openssh-server openssh-client abigail-tools python3-venv
  docker.io busybox-static curl ansible-core
  # tests: amazon-chroot's volume, an ext4 image on a loop device (mkfs.ext4; losetup and mount are util-linux's)
  e2fsprogs
  # tests: the sshd fixture's login user has passwordless sudo, as on a cloud image
  sudo
  # tests: the community.docker connection plugin (ansible in containers)
  ansible
  # tests: the puppet-masterless provisioner runs Debian's Puppet 7 on the machine
  puppet-agent
  # tests: a local image registry (docker-push, login) and its htpasswd
  docker-registry apache2-utils
  # tests: a second Docker-API engine (podman on runc; crun fails on hybrid cgroups)
  podman runc
  # tests: the fuzz targets (fuzz/run.sh): clang and its libFuzzer, ASan and UBSan runtimes
  clang libclang-rt-14-dev
  # tests: a real terminal for the progress bar (cli/progress)
  tmux
  # tests: the qemu builder's guest (tests/fixtures/qemu/): qemu under TCG, qemu-img, and the initramfs's
  # SSH server (dropbear) packed with cpio; its kernel is fetched below, not installed
  qemu-system-x86 qemu-utils dropbear-bin cpio
  # tests: the qemu builder's cd_files image (Packer and kiln both run xorriso)
  xorriso
  # tests: the vagrant post-processor's boxes are added with Debian's vagrant (no provider plugin needed)
  vagrant
)
packages=("${build_packages[@]}")
$build_only || packages+=("${test_packages[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash "$here/scripts/build-libssh2.sh"
$build_only && exit 0
bash "$here/scripts/fetch-guest-kernel.sh"

# Python test tools in a project-local venv, at exact versions so that a new release (of moto
# above all) cannot change test results: moto_server is the EC2 API the AWS tests run against,
# boto3 checks results through it, botocore is the independent SigV4 signer (the verifying proxy
# in front of moto, the SigV4 test suite's expected values), awscli (1.x pins botocore: 1.46.3 is the
# release for botocore 1.44.8) runs `aws s3 cp` in the seed's S3 hand-off test. Changing a pin here moves the venv
# up or down on the next run.
python_tools=('moto[server]==5.2.5' 'boto3==1.44.8' 'botocore==1.44.8' 'pytest==9.2.0' 'awscli==1.46.3')
venv="$here/.venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
installed=$("$venv/bin/pip" freeze --disable-pip-version-check 2>/dev/null | tr 'A-Z' 'a-z')
for tool in "${python_tools[@]}"; do
  if ! grep -qx "${tool/\[server\]/}" <<<"$installed"; then
    "$venv/bin/pip" install -q --disable-pip-version-check "${python_tools[@]}"
    break
  fi
done

# Salt for the salt-masterless provisioner's tests (tests/provisioners/salt_test.sh): `salt-call
# --local` from PyPI in its own venv (Salt is not in Debian 12), run on the sshd fixture's target,
# also as its unprivileged user: so on Debian's python3, not one under /root (pyenv's) that only
# root can execute. Changing the pin here moves the venv on the next run.
salt_version=3007.16
salt_venv="$here/.venv-salt"
if [[ $(readlink -f "$salt_venv/bin/python" 2>/dev/null) != /usr/bin/python3* ]]; then
  rm -rf "$salt_venv"
  /usr/bin/python3 -m venv "$salt_venv"
fi
"$salt_venv/bin/pip" freeze --disable-pip-version-check 2>/dev/null | grep -qx "salt==$salt_version" ||
  "$salt_venv/bin/pip" install -q --disable-pip-version-check "salt==$salt_version"
