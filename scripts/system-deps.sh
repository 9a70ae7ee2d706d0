#!/usr/bin/env bash
# Installs the Debian packages the end-to-end suite needs (Chromium, and the
# headers code-server's native modules build against), when any is missing.
# Used by `npm run test:e2e` and `.ci/run`, so `npm test` works on a fresh machine.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3 ca-certificates)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
((${#missing[@]})) || exit 0
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "looplens e2e: missing Debian packages: ${missing[*]} (run as root, or install them: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi
echo "looplens e2e: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
