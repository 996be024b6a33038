#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH: scripts/with-node.sh node ace migration:run
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
exec "$@"
