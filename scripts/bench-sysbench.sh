#!/usr/bin/env bash
# Runs sysbench's OLTP workloads side by side against Cairn (cairn-server on a fresh embedded
# store) and a private MariaDB (scripts/mariadb-local.sh), alternating the two per round, and
# prints, per workload and thread count, the median tps of each and the ratio Cairn/MariaDB.
#   scripts/bench-sysbench.sh [--rounds N] [--time S] [--threads 1,8] [--table-size N]
#                             [--ps-mode auto|disable] [--workloads LIST]
# Needs sysbench (Debian package; installed when missing). Raw CSVs go to target/bench-sysbench.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${CAIRN_BENCH_HELPERS:-$root/../shared/bench}
out=$root/target/bench-sysbench
rounds=3 time=20 threads=1,8 table_size=10000 ps_mode=auto
workloads=oltp_point_select,oltp_read_only,select_random_points,oltp_write_only,oltp_read_write,oltp_update_index,oltp_insert
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --time) time=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --table-size) table_size=$2; shift 2 ;;
    --ps-mode) ps_mode=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if ! command -v sysbench >/dev/null; then
  echo "bench-sysbench: installing sysbench" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq sysbench >/dev/null
fi
mkdir -p "$out"
rm -f "$out"/*.csv
cairn_port=${CAIRN_BENCH_PORT:-4400}
cairn_data=$out/cairn-data
cairn_pid=""
cleanup() {
  [ -z "$cairn_pid" ] || { kill "$cairn_pid" 2>/dev/null || true; wait "$cairn_pid" 2>/dev/null || true; }
  "$root/scripts/mariadb-local.sh" stop >/dev/null || true
}
trap cleanup EXIT

"$root/scripts/mariadb-local.sh" start
mariadb --no-defaults -uroot -h127.0.0.1 -P"${CAIRN_MARIADB_PORT:-3307}" -e "CREATE DATABASE IF NOT EXISTS sbtest"

rm -rf "$cairn_data"
"$root/bin/cairn-server" --store "embedded://$cairn_data" --port "$cairn_port" --status-port -1 --no-ssl \
  >"$out/cairn-server.log" 2>&1 &
cairn_pid=$!
for _ in $(seq 1 600); do
  mariadb --no-defaults -uroot -h127.0.0.1 -P"$cairn_port" --skip-ssl -e "SELECT 1" >/dev/null 2>&1 && break
  kill -0 "$cairn_pid" 2>/dev/null || { echo "cairn-server died; see $out/cairn-server.log" >&2; exit 1; }
  sleep 0.5
done
mariadb --no-defaults -uroot -h127.0.0.1 -P"$cairn_port" --skip-ssl -e "CREATE DATABASE IF NOT EXISTS sbtest"

run() { # name port pid round
  "$bench/sysbench.sh" --threads "$threads" --time "$time" --table-size "$table_size" --ps-mode "$ps_mode" \
    --workloads "$workloads" --rand-type uniform --warmup 10 --server-pid "$3" \
    --csv "$out/$1-round$4.csv" 127.0.0.1 "$2" root "" sbtest >&2 || true
}
mariadb_pid=$(cat "$root/target/mariadb/mysqld.pid" 2>/dev/null || echo 0)
for r in $(seq 1 "$rounds"); do
  run cairn "$cairn_port" "$cairn_pid" "$r"
  run mariadb "${CAIRN_MARIADB_PORT:-3307}" "$mariadb_pid" "$r"
done

# Medians per (workload, threads) over the rounds, then the ratio.
python3 - "$out" "$rounds" <<'PY'
import csv, glob, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(name):
    runs = {}
    for f in glob.glob(f"{out}/{name}-round*.csv"):
        for row in csv.DictReader(open(f)):
            try:
                runs.setdefault((row["workload"], int(row["threads"])), []).append(float(row["tps"]))
            except ValueError:
                pass
    return {k: statistics.median(v) for k, v in runs.items()}
cairn, maria = load("cairn"), load("mariadb")
print(f"{'workload':<24}{'threads':>8}{'cairn tps':>12}{'mariadb tps':>13}{'ratio':>8}")
for key in sorted(set(cairn) | set(maria)):
    c, m = cairn.get(key), maria.get(key)
    ratio = f"{c / m:.3f}" if c is not None and m else "NA"
    fmt = lambda v: "FAIL" if v is None else f"{v:.1f}"
    print(f"{key[0]:<24}{key[1]:>8}{fmt(c):>12}{fmt(m):>13}{ratio:>8}")
PY
