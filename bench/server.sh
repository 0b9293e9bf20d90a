#!/usr/bin/env bash
# Server benchmark (issue #3): a real `aiflow server` in a temporary
# AIFLOW_HOME on a free loopback port.
#   - idle server RSS (VmRSS of /proc/<pid>/status) after start
#   - `aiflow workflow upload` of a 100-task chain (.py and .yaml), end to end
#     and as the raw API call
#   - `workflow list` of 10,000 stored workflows: the raw API call, and the
#     CLI end to end (table and -o json); server RSS after the lists
# The 10,000 workflows are written through storage/sqlite by
# bench/serverbench while the server is stopped (seconds, not minutes).
# Linux only (/proc). usage: bench/server.sh [runs] [workflows]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
nwf=${2:-10000}
. bench/lib.sh

ms() { awk -v ns="$1" -v n="$2" 'BEGIN { printf "%.1f", ns / n / 1e6 }'; }
# mean_ms CMD...: mean wall time of runs runs of CMD (after one warm-up).
mean_ms() {
  "$@" >/dev/null
  local t0 t1
  t0=$(now); for _ in $(seq "$runs"); do "$@" >/dev/null; done; t1=$(now)
  ms $((t1 - t0)) "$runs"
}
start() { "$aiflow" server start -d >/dev/null; sleep 1; }

"$aiflow" config init >/dev/null
port=$("$sb" port)
cfg=$AIFLOW_HOME/aiflow_server.yaml
sed "s/^server_address: .*/server_address: 127.0.0.1:$port/" "$cfg" > "$cfg.new" && mv "$cfg.new" "$cfg"
addr=127.0.0.1:$port
"$aiflow" db init >/dev/null
"$sb" gen -tasks 100 -dir "$tmp"

echo "== server on $addr, AIFLOW_HOME=$AIFLOW_HOME, mean of $runs runs"
start
idle=$(rss VmRSS)
echo "idle RSS, empty database: $idle MB"

declare -A up
for f in "$tmp/chain100.py" "$tmp/chain100.yaml"; do
  cli=$(mean_ms "$aiflow" workflow upload "$f")
  res=$("$sb" upload -addr "$addr" -runs "$runs" "$f")
  read -r raw _ <<<"$res"
  echo "upload $(basename "$f") (100 tasks): aiflow workflow upload $cli ms | API $raw ms"
  up[${f##*.}_cli]=$cli up[${f##*.}_raw]=$raw
done

"$aiflow" server stop >/dev/null
t0=$(now); "$sb" seed -db "$AIFLOW_HOME/aiflow.db" -n "$nwf"; t1=$(now)
echo "seeded $nwf workflows in $(ms $((t1 - t0)) 1) ms"
start
idle_full=$(rss VmRSS)
echo "idle RSS, $nwf workflows stored: $idle_full MB"

res=$("$sb" list -addr "$addr" -runs "$runs")
read -r list_raw list_min list_max list_bytes <<<"$res"
echo "GET workflows ($nwf + 2, $list_bytes bytes): mean $list_raw ms, min $list_min, max $list_max"
list_cli=$(mean_ms "$aiflow" workflow list)
list_json=$(mean_ms "$aiflow" workflow list -o json)
echo "aiflow workflow list: $list_cli ms | -o json: $list_json ms"
after=$(rss VmRSS)
peak=$(rss VmHWM)
echo "RSS after the lists: $after MB (peak $peak MB)"
"$aiflow" server stop >/dev/null

printf '\n== results (%d workflows stored, mean of %d runs)\n' "$nwf" "$runs"
row() { printf '%-46s %9s  %-6s %s\n' "$1" "$2" "${3:--}" "${4:-}" | sed 's/ *$//'; }
row metric measured target
row "idle server RSS (MB)" "$idle" "< 40" "$(verdict "$idle" 40)"
row "idle server RSS, $nwf stored (MB)" "$idle_full" "< 40" "$(verdict "$idle_full" 40)"
row "upload 100 tasks .py, CLI (ms)" "${up[py_cli]}"
row "upload 100 tasks .py, API (ms)" "${up[py_raw]}"
row "upload 100 tasks .yaml, CLI (ms)" "${up[yaml_cli]}"
row "upload 100 tasks .yaml, API (ms)" "${up[yaml_raw]}"
row "list $nwf, API (ms)" "$list_raw" "< 100" "$(verdict "$list_raw" 100)"
row "list $nwf, aiflow workflow list (ms)" "$list_cli" "< 100" "$(verdict "$list_cli" 100)"
row "list $nwf, aiflow workflow list -o json (ms)" "$list_json" "< 100" "$(verdict "$list_json" 100)"
row "server RSS after the lists (MB)" "$after"
row "server peak RSS (MB)" "$peak"
