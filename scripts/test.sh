#!/usr/bin/env bash
# npm test: bootstrap, the whole suite on SQLite, then the database-facing suites again on
# MariaDB/MySQL when one answers (MYSQL_HOST, default 127.0.0.1:3306, root, no password).
source "$(dirname "$0")/bootstrap.sh"
export NODE_ENV=test

echo "» Test suite on SQLite"
rm -f tmp/test.sqlite3 tmp/test.sqlite3-*
node ace test "$@"

export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}" MYSQL_USER="${MYSQL_USER:-root}"
if node scripts/mysql-test-db.mjs; then
  echo "» Database-facing suites on MariaDB/MySQL ($MYSQL_HOST:$MYSQL_PORT, database studio_mg_test)"
  DB_CONNECTION=mysql MYSQL_DB_NAME=studio_mg_test node ace test unit functional "$@"
else
  echo "» SKIPPED the MariaDB/MySQL run: no server answered at $MYSQL_HOST:$MYSQL_PORT."
fi
