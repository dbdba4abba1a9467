#!/usr/bin/env bash
# CI for the VS Code client, called by .ci/run: installs what it needs (Debian
# packages, npm dependencies, code-server into a cache outside the repo),
# then builds, runs the unit tests, packages both .vsix files and runs the
# end-to-end test in code-server + headless Chromium. Runs as root, no stdin.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
export PATH="/usr/local/go/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
export npm_config_yes=true

section() { echo "=== vscode-client: $* ==="; }

section "system packages"
# chromium + fonts: the e2e browser; libkrb5-dev, pkg-config: code-server's
# kerberos module builds against gssapi; ripgrep: code-server search;
# mingw-w64: the Windows server build.
packages=(chromium fonts-dejavu-core libkrb5-dev pkg-config ripgrep gcc-mingw-w64-x86-64-posix)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

section "npm ci"
node --version
npm ci --no-audit --no-fund

section "unit tests"
npm test

section "package (server builds for linux-x64 and win32-x64, then vsce)"
npm run package
ls -l ./*.vsix

section "end-to-end test (code-server + headless Chromium)"
npm run e2e
