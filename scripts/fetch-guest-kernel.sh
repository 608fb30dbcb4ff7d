#!/usr/bin/env bash
# Fetches, without installing it, the Debian kernel package the qemu test guest boots
# (tests/fixtures/qemu/make_guest.sh unpacks it) into .deps/guest-kernel, idempotently.
# The package is the one linux-image-amd64 currently depends on; an older one is replaced.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$here/.deps/guest-kernel

fetch() {  # false when apt's package lists do not lead to a package file
  local package version deb
  package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
  [[ -n $package ]] || return 1
  version=$(apt-cache policy "$package" | awk '/Candidate:/ {print $2}')
  deb=${package}_${version//:/%3a}_amd64.deb
  [[ -f $dir/$deb ]] && return 0
  mkdir -p "$dir"
  work=$(mktemp -d "$dir/.download.XXXXXX")
  (cd "$work" && apt-get download -qq "$package=$version") || return 1
  rm -f "$dir"/*.deb
  mv "$work/$deb" "$dir/$deb"
}

work=
trap 'rm -rf "$work"' EXIT
# Lists never fetched (a fresh container) or so old that the mirror has dropped that package file.
fetch || { rm -rf "$work"; apt-get update -qq && fetch; } || {
  echo "fetch-guest-kernel: cannot download the package linux-image-amd64 depends on" >&2
  exit 1
}
