#!/usr/bin/env bash
# npm test: bootstrap, the whole suite on SQLite, then the database-facing suites again on
# MariaDB/MySQL when one answers (MYSQL_HOST, default 127.0.0.1:3306, root, no password).
source "$(dirname "$0")/bootstrap.sh"
export NODE_ENV=test

# The PDF tests look at the printed page like a scanner would: poppler's pdftoppm rasterises it.
if ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "» Installing poppler-utils from Debian (pdftoppm, for the PDF tests)…"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftoppm is missing: install the Debian package poppler-utils (sudo apt-get install poppler-utils)." >&2
    exit 1
  fi
fi

# Each pass has a ceiling far above its usual length (SQLite and MariaDB about 5 minutes, a region
# about 1): a pass that hangs is stopped and fails the run instead of using up the CI's time.
pass() {
  local limit="$1" rc=0
  shift
  timeout --kill-after=30s "$limit" "$@" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "» This pass did not end within $limit: stopped." >&2; fi
  return "$rc"
}

echo "» Test suite on SQLite"
rm -f tmp/test.sqlite3 tmp/test.sqlite3-*
pass 20m node ace test "$@"

# The SAR adapters load only for their region: their tests run once per implemented region.
for region in umbria friuli-venezia-giulia; do
  echo "» Region plugin of a SAR region (STUDIO_REGION=$region) on SQLite"
  rm -f tmp/test.sqlite3 tmp/test.sqlite3-*
  STUDIO_REGION=$region pass 8m node ace test unit functional --files="modules/demat-sar/tests/*/*" "$@"
done

export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}" MYSQL_USER="${MYSQL_USER:-root}"
if node scripts/mysql-test-db.mjs; then
  echo "» Database-facing suites on MariaDB/MySQL ($MYSQL_HOST:$MYSQL_PORT, database studio_mg_test)"
  DB_CONNECTION=mysql MYSQL_DB_NAME=studio_mg_test pass 20m node ace test unit functional "$@"
else
  echo "» SKIPPED the MariaDB/MySQL run: no server answered at $MYSQL_HOST:$MYSQL_PORT."
fi
