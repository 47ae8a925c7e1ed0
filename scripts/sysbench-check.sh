#!/usr/bin/env bash
# The sysbench gate (issue 7), run by .ci/run: against cairn-server on a fresh embedded store,
# `sysbench prepare`, then every oltp_* workload with 8 threads for 10 s, once with server-side
# prepared statements (--db-ps-mode=auto) and once without (disable). A run passes when
# sysbench exits 0 without a FATAL error (sysbench 1.0 stops a thread at the first error it is
# not told to ignore) and did work; the errors it ignores by default (1213 deadlock, 1205 lock
# wait timeout, 1020), after which it retries the transaction, are counted and printed.
#   scripts/sysbench-check.sh [--time S] [--threads N] [--table-size N] [--workloads LIST]
# Needs sysbench (Debian package; installed when missing). Logs go to target/sysbench-check.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/target/sysbench-check
time=10 threads=8 table_size=10000
workloads=oltp_point_select,oltp_read_only,oltp_read_write,oltp_write_only,oltp_update_index,oltp_update_non_index,oltp_delete,oltp_insert
while [ $# -gt 0 ]; do
  case "$1" in
    --time) time=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --table-size) table_size=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if ! command -v sysbench >/dev/null; then
  echo "sysbench-check: installing sysbench" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq sysbench >/dev/null
fi
rm -rf "$out"
mkdir -p "$out"
port=${CAIRN_SYSBENCH_PORT:-4420}
data=$out/data
"$root/bin/cairn-server" --store "embedded://$data" --port "$port" --status-port -1 --no-ssl \
  >"$out/cairn-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 $server 2>/dev/null || { echo "sysbench-check: cairn-server died; see $out/cairn-server.log"; exit 1; }
  sleep 0.5
done

sb() { # workload command [extra args...]
  local w=$1 cmd=$2
  shift 2
  sysbench "$w" --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root \
    --mysql-password= --mysql-db=sbtest --mysql-ssl=off --tables=1 --table-size="$table_size" \
    --rand-type=uniform "$@" "$cmd"
}

mysql_cli=$(command -v mysql || command -v mariadb)
"$mysql_cli" --no-defaults -h127.0.0.1 -P"$port" -uroot --skip-ssl -e "CREATE DATABASE sbtest"
echo "sysbench-check: prepare ($table_size rows)"
sb oltp_read_write prepare --threads=1 >"$out/prepare.log" 2>&1 || { tail -n 20 "$out/prepare.log"; exit 1; }

status=0
printf '%-22s %-8s %10s %10s %8s %8s %10s\n' workload ps-mode tps qps fatal ignored max-ms
for ps in auto disable; do
  for w in ${workloads//,/ }; do
    log=$out/$w-$ps.log
    rc=0
    timeout $((time + 120)) sysbench "$w" --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" \
      --mysql-user=root --mysql-password= --mysql-db=sbtest --mysql-ssl=off --tables=1 \
      --table-size="$table_size" --rand-type=uniform --threads="$threads" --time="$time" \
      --db-ps-mode="$ps" --report-interval=0 run >"$log" 2>&1 || rc=$?
    tps=$(sed -n 's/.*transactions: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' "$log")
    qps=$(sed -n 's/.*queries: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' "$log")
    fatal=$(grep -c FATAL "$log" || true)
    ignored=$(sed -n 's/^ *ignored errors: *\([0-9]*\).*/\1/p' "$log")
    max=$(sed -n 's/^ *max: *\([0-9.]*\).*/\1/p' "$log")
    printf '%-22s %-8s %10s %10s %8s %8s %10s\n' "$w" "$ps" "${tps:--}" "${qps:--}" "$fatal" "${ignored:--}" "${max:--}"
    if [ $rc -ne 0 ] || [ "$fatal" != 0 ] || [ -z "$tps" ] || [ "${tps%.*}" = 0 ]; then
      echo "sysbench-check: $w ($ps) FAILED (exit $rc); last lines of $log:"
      tail -n 15 "$log"
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "sysbench-check: all workloads ran with zero errors"
exit $status
