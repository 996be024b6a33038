# Sourced by demo.sh and test.sh: Node 24, dependencies, Chromium, .env, vendor files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

# Dependencies: reinstall only when package.json or the lock changed.
stamp="node_modules/.studio-install-stamp"
want="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -c1-16)-$(node -v)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "» Installing dependencies (npm install)…"
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# Chromium, for PDFs and the browser tests: from Debian when we are root, else a clear message.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "» Installing Chromium from Debian (apt-get install chromium)…"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chrome/Chromium binary." >&2
    exit 1
  fi
fi

# A random application key on first run (cookies, sessions, encrypted columns and files).
if [ ! -f .env ]; then
  key="$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64url"))')"
  printf 'APP_KEY=%s\n' "$key" > .env
  echo "» Wrote .env with a new APP_KEY (keep it: encrypted data needs it)."
fi

node scripts/copy-vendor.mjs
