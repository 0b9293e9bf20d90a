#!/usr/bin/env bash
# Scheduling benchmark (issue #9): a real `aiflow server` in a temporary
# AIFLOW_HOME on a free loopback port.
#   (a) precision: 100 workflows whose schedules (cron@* * * * *) are due at
#       the same second; latency from the fire time to the start of each
#       execution's first task, median and max (targets < 50 ms, < 500 ms);
#       task_parallelism 100, so that no task waits for a slot
#   (b) idle cost: 10,000 schedules (every hour, half of them paused) and
#       nothing due: server CPU over one minute, and RSS
# The workflows are stored by bench/serverbench while the server is
# stopped. Linux only (/proc). usage: bench/schedules.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

# cpu: the server's user+system CPU time in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$(pid)/stat"; }
start() { "$aiflow" server start -d >/dev/null; sleep 1; }

mkdir -p "$AIFLOW_HOME"
port=$("$sb" port)
printf 'server_address: 127.0.0.1:%s\ntask_parallelism: 100\n' "$port" > "$AIFLOW_HOME/aiflow_server.yaml"
"$aiflow" db init >/dev/null
"$sb" seed -db "$AIFLOW_HOME/aiflow.db" -n 100 -schedule 'cron@* * * * *'
start
echo "== server on 127.0.0.1:$port, AIFLOW_HOME=$AIFLOW_HOME; waiting for the next minute"
read -r med max bmed bmax < <("$sb" firelat -addr "127.0.0.1:$port" -n 100)
echo "(a) 100 schedules due at once: fire to first task start median $med ms (target < 50: $(verdict "$med" 50)), max $max ms (target < 500: $(verdict "$max" 500)); fire to execution begin median $bmed ms, max $bmax ms"
"$aiflow" server stop >/dev/null

rm "$AIFLOW_HOME/aiflow.db"*
"$aiflow" db init >/dev/null
"$sb" seed -db "$AIFLOW_HOME/aiflow.db" -n 10000 -schedule 'interval@0 1 0 0' -paused-every 2
start
sleep 5
hz=$(getconf CLK_TCK)
c0=$(cpu)
sleep 60
c1=$(cpu)
echo "(b) 10,000 schedules (5,000 paused), idle for 60 s: server CPU $(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }') s per minute, RSS $(rss VmRSS) MB"
