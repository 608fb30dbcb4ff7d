#!/usr/bin/env bash
# Fetches, without installing it, the Debian kernel package the qemu test guest boots
# (tests/fixtures/qemu/make_guest.sh unpacks it) into .deps/guest-kernel, idempotently.
# The package is the one linux-image-amd64 currently depends on; an older one is replaced.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$here/.deps/guest-kernel
package=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
[[ -n $package ]] || { echo "fetch-guest-kernel: apt knows no linux-image-amd64" >&2; exit 1; }
version=$(apt-cache policy "$package" | awk '/Candidate:/ {print $2}')
deb=${package}_${version//:/%3a}_amd64.deb
[[ -f $dir/$deb ]] && exit 0
mkdir -p "$dir"
work=$(mktemp -d "$dir/.download.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq "$package=$version")
rm -f "$dir"/*.deb
mv "$work/$deb" "$dir/$deb"
