#!/usr/bin/env bash
# The sqllogictest conformance gate for Cairn (issue 8), run by .ci/run after the build:
#  1. the whole development corpus through the in-process harness (Session API on unistore://);
#  2. a sample through the JDBC harness against a running cairn-server: the real user path.
# Both gate on sqllogictest/known-failures-cairn.txt (a new failure, or a listed record that now
# passes, fails the run) and on a pass-rate floor. Reports go to target/slt-cairn*.
#   scripts/slt-cairn.sh [--full-jdbc]   (--full-jdbc: the whole corpus over JDBC too; slower)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CAIRN_SLT_CORPUS:-$root/../shared/sqllogictest}
known=$root/sqllogictest/known-failures-cairn.txt
floor=${CAIRN_SLT_FLOOR:-99}
jdbc_sample=("$corpus/evidence" "$corpus/select1.test" "$corpus/index/between/10")
[ "${1:-}" = "--full-jdbc" ] && jdbc_sample=("$corpus")
status=0

echo "slt-cairn: in-process, whole corpus"
"$root/bin/cairn-sqllogictest" --embedded --store unistore://slt --root "$corpus" --jobs 2 --timeout 120 \
  --report-dir "$root/target/slt-cairn" --known-failures "$known" --min-pass-rate "$floor" "$corpus" || status=1

port=${CAIRN_SLT_PORT:-4410}
data=$(mktemp -d)
"$root/bin/cairn-server" --store "embedded://$data" --port "$port" --status-port -1 --no-ssl \
  >"$root/target/slt-cairn-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 240); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 $server 2>/dev/null || { echo "slt-cairn: cairn-server died; see target/slt-cairn-server.log"; exit 1; }
  sleep 0.5
done
echo "slt-cairn: JDBC against cairn-server (embedded store): ${jdbc_sample[*]#$corpus/}"
"$root/bin/cairn-sqllogictest" --jdbc "jdbc:mysql://127.0.0.1:$port/?user=root&useSSL=false" --root "$corpus" \
  --jobs 2 --timeout 120 --report-dir "$root/target/slt-cairn-jdbc" --known-failures "$known" \
  --min-pass-rate "$floor" "${jdbc_sample[@]}" || status=1
exit $status
