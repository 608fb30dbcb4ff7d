#!/usr/bin/env bash
# Builds libssh2 >= 1.11 into .deps/libssh2 when the system's is older, idempotently. Run as root.
#
# Why: libssh2 1.11 adds RFC 8332 (rsa-sha2-256/512) user authentication. Debian 12 ships 1.10, which
# signs RSA keys with SHA-1 only, and OpenSSH >= 8.8 refuses that by default, so RSA keys (EC2's
# default key pairs, most users' id_rsa) cannot log in to any current server.
# How: Debian's next release packages 1.11; its source package (with Debian's patches) comes from the
# machine's own Debian mirror, read from its apt sources, so no host name is written here. It is built
# static and position-independent with the OpenSSL backend; meson links it into libkiln, whose version
# script keeps libssh2's symbols private.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
release=trixie          # the Debian release that ships libssh2 1.11
prefix=$here/.deps/libssh2

if pkg-config --atleast-version=1.11 libssh2 2>/dev/null; then exit 0; fi
[[ -f $prefix/lib/libssh2.a && -f $prefix/.source-version ]] && exit 0

# The mirror that serves this machine's own release (deb822 .sources or one-line sources.list).
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
mirror=$(python3 - "$codename" <<'PY'
import glob, sys
codename = sys.argv[1]
def deb822(path):
    for para in open(path).read().split("\n\n"):
        fields = {}
        for line in para.splitlines():
            if ":" in line and not line.startswith((" ", "#")):
                key, value = line.split(":", 1)
                fields[key.strip().lower()] = value.split()
        if "deb" in fields.get("types", []) and codename in fields.get("suites", []):
            yield fields["uris"][0]
def one_line(path):
    for line in open(path):
        parts = [p for p in line.split("#", 1)[0].split() if not p.startswith("[")]
        if len(parts) >= 3 and parts[0] == "deb" and parts[2] == codename:
            yield parts[1]
found = [u for f in glob.glob("/etc/apt/sources.list.d/*.sources") for u in deb822(f)]
found += [u for f in ["/etc/apt/sources.list", *glob.glob("/etc/apt/sources.list.d/*.list")]
          for u in (one_line(f) if __import__("os").path.exists(f) else [])]
print(found[0] if found else "")
PY
)
[[ -n $mirror ]] || { echo "build-libssh2: no apt source for Debian $codename found in /etc/apt" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
cat > "$work/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $release main
EOF
apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=-
          -o "Dir::State::Lists=$work/lists" -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only -qq libssh2 2>/dev/null)
dsc=$(ls "$work"/libssh2_*.dsc)
dpkg-source --no-check -x "$dsc" "$work/src" >/dev/null

cmake -S "$work/src" -B "$work/build" -G Ninja -Wno-dev \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
  -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DCRYPTO_BACKEND=OpenSSL -DENABLE_ZLIB_COMPRESSION=OFF -DBUILD_EXAMPLES=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build "$work/build" >/dev/null
rm -rf "$prefix"
cmake --install "$work/build" >/dev/null
basename "$dsc" .dsc > "$prefix/.source-version"
echo "build-libssh2: built $(cat "$prefix/.source-version") into $prefix"
