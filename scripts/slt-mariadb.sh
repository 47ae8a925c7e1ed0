#!/usr/bin/env bash
# Runs the sqllogictest development corpus against a private MariaDB (scripts/mariadb-local.sh)
# and gates on sqllogictest/known-failures-mariadb.txt: proves the runner is faithful.
#   scripts/slt-mariadb.sh [SCRIPTS...]   (default: the whole ../shared/sqllogictest)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CAIRN_SLT_CORPUS:-$root/../shared/sqllogictest}
"$root/scripts/mariadb-local.sh" start
port=${CAIRN_MARIADB_PORT:-3307}
status=0
# The JDBC runner needs only the sqllogictest module: build and start that, not the whole server.
( . "$root/bin/launch.sh"; cairn_launch sqllogictest io.cairn.slt.SltMain --jdbc "jdbc:mysql://127.0.0.1:$port/?user=root&useSSL=false" \
  --root "$corpus" --report-dir "$root/target/slt-mariadb" --jobs 2 \
  --known-failures "$root/sqllogictest/known-failures-mariadb.txt" "${@:-$corpus}" ) || status=$?
[ -n "${CAIRN_KEEP_MARIADB:-}" ] || "$root/scripts/mariadb-local.sh" stop
exit $status
