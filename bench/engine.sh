#!/usr/bin/env bash
# Engine benchmark (issue #4): a real `aiflow server` in a temporary
# AIFLOW_HOME on a free loopback port, task_parallelism 16, real bash tasks.
#   (a) 100- and 1,000-task start_after chains of `echo`: wall time, and the
#       gap from one task's process end to the next one's process start as
#       the supervisors recorded it (median and p90)
#   (b) 1,000 independent `true` tasks with parallelism 16, against running
#       the same 1,000 `bash -c true` directly, 16 at a time (xargs -P 16)
#   (c) events/s through the API to a running rule (go test -bench)
#   (d) server RSS while 100 executions run
# The file system is given a moment to settle before each measurement:
# on a volume mounted with discard, the deletions of a previous run slow
# every file creation for seconds. Linux only (/proc).
# usage: bench/engine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
settle() { sync; sleep 2; }
# running WF: whether an execution of WF runs. (No grep -q in a pipe:
# with pipefail, the writer's SIGPIPE would make the test fail.)
running() {
  local list
  list=$("$aiflow" workflow-execution list "$1" -o json)
  [[ $list == *'"status": "RUNNING"'* ]]
}
# run WF: start one execution of WF (which has no other running one) and
# wait for its end, polling only the list of executions; prints its id.
run() {
  local id
  id=$("$aiflow" workflow-execution start "$1" | awk '{ print $3 }')
  while running "$1"; do sleep 0.2; done
  echo "$id"
}

mkdir -p "$AIFLOW_HOME"
port=$("$sb" port)
printf 'server_address: 127.0.0.1:%s\ntask_parallelism: 16\n' "$port" > "$AIFLOW_HOME/aiflow_server.yaml"
"$aiflow" db init >/dev/null
"$sb" gen -tasks 100 -dir "$tmp"
"$sb" gen -tasks 1000 -dir "$tmp"
"$sb" wide -tasks 1000 -dir "$tmp"
"$aiflow" server start -d >/dev/null
sleep 1
echo "== server on 127.0.0.1:$port, AIFLOW_HOME=$AIFLOW_HOME, task_parallelism 16"

# A chain is run reps times (the file system of a small VM is noisy); each
# run prints its wall time and gaps, the verdict takes the median run.
for n in 100 1000; do
  "$aiflow" workflow upload "$tmp/chain$n.yaml" >/dev/null
  reps=3
  meds=()
  for _ in $(seq $reps); do
    settle
    t0=$(now); id=$(run "chain${n}_yaml"); t1=$(now)
    read -r med p90 < <("$sb" gaps "$AIFLOW_HOME/working_dir/chain${n}_yaml/$id/.runs")
    echo "(a) chain of $n, execution $id: $(secs $((t1 - t0))) s; gap end->start median $med ms, p90 $p90 ms"
    meds+=("$med")
  done
  med=$(printf '%s\n' "${meds[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "(a) chain of $n: median gap $med ms (target < 5 ms: $(verdict "$med" 5))"
done

"$aiflow" workflow upload "$tmp/wide1000.yaml" >/dev/null
settle
t0=$(now); run wide1000 >/dev/null; t1=$(now)
settle
d0=$(now); seq 1000 | xargs -P 16 -I{} bash -c true; d1=$(now)
echo "(b) 1,000 independent tasks, parallelism 16: $(secs $((t1 - t0))) s; the same 1,000 bash -c true directly, 16 at a time: $(secs $((d1 - d0))) s"

echo "(c) events to a running rule:"
go test -run XXX -bench EventsToRule -benchtime=3x ./engine/ | awk '/^Benchmark/ { print "    " $0 }'

cat > "$tmp/busy.yaml" <<'YAML'
name: busy
tasks:
  - {name: a, operator: bash, bash_command: sleep 1}
  - {name: b, operator: bash, bash_command: sleep 1, start_after: [a]}
  - {name: c, operator: bash, bash_command: sleep 1, start_after: [a]}
YAML
"$aiflow" workflow upload "$tmp/busy.yaml" >/dev/null
settle
idle=$(rss VmRSS)
for _ in $(seq 100); do "$aiflow" workflow-execution start busy >/dev/null; done
peak=$idle
while running busy; do
  r=$(rss VmRSS); peak=$(awk -v a="$peak" -v b="$r" 'BEGIN { print (b > a ? b : a) }')
  sleep 0.5
done
echo "(d) server RSS: $idle MB before, peak $peak MB while 100 executions (300 runs) ran, high-water mark $(rss VmHWM) MB"
