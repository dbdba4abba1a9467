#!/usr/bin/env bash
# Builds the pqcert server for every platform package we ship:
#   server-bin/linux-x64/pqcert       (native Go build with cgo)
#   server-bin/win32-x64/pqcert.exe   (cgo cross-compile with mingw-w64)
# Usage: scripts/build-server.sh [linux-x64] [win32-x64]   (default: both)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$here/server-bin"
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(linux-x64 win32-x64)
fi

log() { echo "build-server: $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  if [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    log "go is not on PATH; install Go 1.26 or put it on PATH"
    exit 1
  fi
fi

if [[ ! -d "$repo/server/cmd/pqcert" ]]; then
  log "no server sources at $repo/server/cmd/pqcert"
  exit 1
fi

ensure_mingw() {
  if command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    return
  fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "x86_64-w64-mingw32-gcc is missing; install gcc-mingw-w64-x86-64-posix"
    exit 1
  fi
  log "installing gcc-mingw-w64-x86-64-posix"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-mingw-w64-x86-64-posix >&2 || {
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-mingw-w64-x86-64-posix >&2
  }
}

# A person with only VS Code has no MinGW runtime: the .exe may import only
# DLLs that come with Windows.
check_windows_imports() {
  local exe="$1" dlls
  dlls="$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p')"
  log "win32-x64 imports: $(echo $dlls)"
  if grep -Eiq '^(libwinpthread|libgcc|libstdc\+\+|libssp)' <<<"$dlls"; then
    log "the Windows build needs MinGW runtime DLLs; link them statically"
    exit 1
  fi
}

version="$(node -p "require('$here/package.json').version")"
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"

for target in "${targets[@]}"; do
  mkdir -p "$out/$target"
  case "$target" in
    linux-x64)
      bin="$out/$target/pqcert"
      log "building $bin"
      (cd "$repo" && CGO_ENABLED=1 GOOS=linux GOARCH=amd64 \
        go build -trimpath -ldflags "-s -w" -o "$bin.tmp" ./server/cmd/pqcert)
      ;;
    win32-x64)
      ensure_mingw
      bin="$out/$target/pqcert.exe"
      log "building $bin"
      # The tree-sitter runtime is C, so the Windows build needs cgo and a
      # MinGW-w64 cross compiler.
      (cd "$repo" && CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
        go build -trimpath -ldflags "-s -w" -o "$bin.tmp" ./server/cmd/pqcert)
      check_windows_imports "$bin.tmp"
      ;;
    *)
      log "unknown target $target (known: linux-x64 win32-x64)"
      exit 1
      ;;
  esac
  # Built aside and moved in, so a failed build never leaves half a binary
  # (and go build refuses to overwrite a file that is not one of its own).
  chmod 0755 "$bin.tmp"
  mv -f "$bin.tmp" "$bin"
  log "$target: $(du -h "$bin" | cut -f1) (extension $version, commit $commit)"
done
