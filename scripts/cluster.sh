#!/usr/bin/env bash
# Starts, stops or shows a local Cairn cluster: one placement driver and three storage nodes
# (RocksDB, every region a Raft group of 3 replicas), each its own process launched through
# bin/cairn-pd and bin/cairn-node (which build the server module when its sources changed).
# Data, logs and pid files live under DIR (default target/cluster); ports are loopback:
# PD on $CAIRN_PD_PORT (2379), nodes on $CAIRN_NODE_PORT (20160) + 0..2 with Raft on the node
# port + 1000. Clients then use tikv://127.0.0.1:2379.
#   scripts/cluster.sh start|stop|status [DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
dir=${2:-$root/target/cluster}
pd_port=${CAIRN_PD_PORT:-2379}
node_port=${CAIRN_NODE_PORT:-20160}
members="pd node-0 node-1 node-2"

pid_of() { cat "$dir/$1/pid" 2>/dev/null || true; }

alive() {
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

port_of() {
  case $1 in
    pd) echo "$pd_port" ;;
    node-*) echo $((node_port + ${1#node-})) ;;
  esac
}

# waits until something listens on 127.0.0.1:$2, or fails when $1 died or after $3 seconds
await_port() {
  local name=$1 port=$2 limit=$3 waited=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! alive "$name"; then
      echo "cluster: $name exited; last log lines:" >&2
      tail -n 20 "$dir/$name/stdout.log" "$dir/$name/stderr.log" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$limit" ]; then
      echo "cluster: $name not listening on port $port after ${limit}s" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

launch() {
  local name=$1; shift
  mkdir -p "$dir/$name"
  nohup "$@" >>"$dir/$name/stdout.log" 2>>"$dir/$name/stderr.log" </dev/null &
  echo $! >"$dir/$name/pid"
}

start() {
  for m in $members; do
    if alive "$m"; then echo "cluster: $m already running (pid $(pid_of "$m")); stop it first" >&2; exit 1; fi
  done
  mkdir -p "$dir"
  # PD first and alone: its launcher builds the server module once for all four
  launch pd "$root/bin/cairn-pd" --data-dir "$dir/pd/data" --host 127.0.0.1 --client-port "$pd_port"
  await_port pd "$pd_port" 600
  for i in 0 1 2; do
    local p=$((node_port + i))
    launch "node-$i" "$root/bin/cairn-node" --pd "127.0.0.1:$pd_port" --data-dir "$dir/node-$i/data" \
      --host 127.0.0.1 --port "$p" --raft-addr "127.0.0.1:$((p + 1000))"
  done
  for i in 0 1 2; do await_port "node-$i" $((node_port + i)) 180; done
  echo "cluster: PD at 127.0.0.1:$pd_port, nodes at 127.0.0.1:$node_port..$((node_port + 2)), data under $dir"
  echo "cluster: PD adds the first region's replicas within about 30 s (one per 10 s heartbeat)"
}

stop() {
  local m pid waited
  # nodes before PD, so their last heartbeats and close find it
  for m in node-0 node-1 node-2 pd; do
    if alive "$m"; then
      pid=$(pid_of "$m")
      kill -TERM "$pid"
      waited=0
      while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
      if kill -0 "$pid" 2>/dev/null; then
        echo "cluster: $m (pid $pid) ignored SIGTERM for 30 s; killing it" >&2
        kill -KILL "$pid"
      else
        echo "cluster: $m stopped"
      fi
    fi
    rm -f "$dir/$m/pid"
  done
}

status() {
  local m rc=0
  for m in $members; do
    if alive "$m"; then
      echo "$m: running, pid $(pid_of "$m"), port $(port_of "$m")"
    else
      echo "$m: stopped"
      rc=3
    fi
  done
  return $rc
}

case $cmd in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start|stop|status [DIR]" >&2; exit 2 ;;
esac
