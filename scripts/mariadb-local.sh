#!/usr/bin/env bash
# Starts or stops a private MariaDB server for comparisons (sqllogictest fidelity, sysbench
# ratios). It installs Debian's mariadb-server when missing, keeps its data under
# target/mariadb (or $CAIRN_MARIADB_DIR), listens on 127.0.0.1:$CAIRN_MARIADB_PORT (3307),
# and lets root in without a password. Defaults are MariaDB's own (128 MiB buffer pool,
# innodb_flush_log_at_trx_commit=1).
#   scripts/mariadb-local.sh start|stop|status
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${CAIRN_MARIADB_DIR:-$root/target/mariadb}
port=${CAIRN_MARIADB_PORT:-3307}
sock=$dir/mysqld.sock

install_server() {
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
    echo "mariadb-local: installing mariadb-server" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq mariadb-server mariadb-client >/dev/null
  fi
}

running() {
  [ -f "$dir/mysqld.pid" ] && kill -0 "$(cat "$dir/mysqld.pid")" 2>/dev/null
}

start() {
  install_server
  if running; then echo "mariadb-local: already running on port $port"; return 0; fi
  mkdir -p "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
  fi
  /usr/sbin/mariadbd --no-defaults --user=root --datadir="$dir/data" --port="$port" \
    --bind-address=127.0.0.1 --socket="$sock" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --max-connections=500 >>"$dir/error.log" 2>&1 &
  for _ in $(seq 1 120); do
    if mariadb --no-defaults -uroot -h127.0.0.1 -P"$port" -e "SELECT 1" >/dev/null 2>&1; then
      echo "mariadb-local: running on 127.0.0.1:$port (data in $dir)"
      return 0
    fi
    sleep 0.5
  done
  echo "mariadb-local: did not start; see $dir/error.log" >&2
  return 1
}

stop() {
  if running; then
    kill "$(cat "$dir/mysqld.pid")"
    for _ in $(seq 1 120); do running || break; sleep 0.5; done
  fi
  echo "mariadb-local: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on port $port"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
