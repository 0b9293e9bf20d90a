#!/usr/bin/env bash
# Engine benchmark (issues #4 and #14): a real `aiflow server` in a
# temporary AIFLOW_HOME on a free loopback port, task_parallelism 16, real
# bash tasks, each measured against the same commands run bare in the same
# run. Execution times are the engine's own (begin to end, from the API).
#   (a) chains of N `true` tasks (start_after), N = 100, 1,000 and 10,000,
#       against `bash -c true` run N times one after another: overhead per
#       hop (target < 1 ms); the gap from one task's process end to the next
#       one's start as the supervisors recorded it; for 10,000, the median
#       gap of the last tenth against the first (target: within 10%)
#   (b) 1,000 independent `true` tasks at parallelism 16 against
#       `seq 1000 | xargs -P16 -I{} bash -c true` (target <= 1.3x), and how
#       many supervisors ran them
#   (c) 100 executions of a 10-task chain at parallelism 16 against the same
#       work with xargs: 100 loops of 10 `bash -c true`, 16 at a time
#       (target <= 1.5x)
#   (d) events/s through the API to a running rule (go test -bench)
#   (e) server RSS while 100 executions run
# The file system is given a moment to settle before each measurement: on a
# volume mounted with discard, the deletions of a previous run slow every
# file creation for seconds. Linux only (/proc).
# usage: bench/engine.sh [--quick]   (--quick: chains of 100 and 1,000 only)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

chains="100 1000 10000"
[[ ${1:-} == --quick ]] && chains="100 1000"

settle() { sync; sleep 2; }
# calc EXPR: awk arithmetic with two decimals.
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
# running WF: whether an execution of WF runs. (No grep -q in a pipe:
# with pipefail, the writer's SIGPIPE would make the test fail.)
running() {
  local list
  list=$("$aiflow" workflow-execution list "$1" -o json)
  [[ $list == *'"status": "RUNNING"'* ]]
}
# start WF: start an execution of WF; prints its id.
start() { "$aiflow" workflow-execution start "$1" | awk '{ print $3 }'; }
# wait_all WF: wait until no execution of WF runs.
wait_all() { while running "$1"; do sleep 0.2; done; }
# wall ID...: seconds from the first begin to the last end.
wall() { "$sb" wall -addr "$addr" "$@"; }
# bare N: seconds to run `bash -c true` N times one after another.
bare() {
  local t0 t1
  t0=$(now)
  for ((i = 0; i < $1; i++)); do bash -c true; done
  t1=$(now)
  calc "($t1 - $t0) / 1e9"
}

mkdir -p "$AIFLOW_HOME"
port=$("$sb" port)
addr=127.0.0.1:$port
printf 'server_address: %s\ntask_parallelism: 16\n' "$addr" > "$AIFLOW_HOME/aiflow_server.yaml"
"$aiflow" db init >/dev/null
for n in $chains 10; do "$sb" gen -tasks "$n" -cmd true -dir "$tmp"; done
"$sb" wide -tasks 1000 -dir "$tmp"
"$aiflow" server start -d >/dev/null
sleep 1
echo "== server on $addr, AIFLOW_HOME=$AIFLOW_HOME, task_parallelism 16"

# Chains of 100 and 1,000 run three times (the file system of a small VM is
# noisy) and the verdict takes the median run; the 10,000 chain runs once.
for n in $chains; do
  wf=chain${n}_yaml
  "$aiflow" workflow upload "$tmp/chain$n.yaml" >/dev/null
  reps=3
  [[ $n -ge 10000 ]] && reps=1
  hops=()
  for _ in $(seq $reps); do
    settle
    id=$(start "$wf")
    wait_all "$wf"
    w=$(wall "$id")
    settle
    b=$(bare "$n")
    hop=$(calc "($w - $b) * 1000 / $n")
    read -r med p90 first last < <("$sb" gaps "$AIFLOW_HOME/working_dir/$wf/$id/.runs")
    echo "(a) chain of $n, execution $id: $w s, bare $b s: overhead per hop $hop ms; gap end->start median $med ms, p90 $p90 ms; first tenth $first ms, last tenth $last ms"
    hops+=("$hop")
  done
  hop=$(printf '%s\n' "${hops[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "(a) chain of $n: overhead per hop $hop ms (target < 1 ms: $(verdict "$hop" 1))"
  if [[ $n -ge 10000 ]]; then
    growth=$(calc "$last / $first")
    echo "(a) chain of $n: last tenth's median gap / first tenth's $growth (target < 1.10: $(verdict "$growth" 1.10))"
  fi
done

"$aiflow" workflow upload "$tmp/wide1000.yaml" >/dev/null
settle
id=$(start wide1000)
wait_all wide1000
w=$(wall "$id")
settle
d0=$(now); seq 1000 | xargs -P 16 -I{} bash -c true; d1=$(now)
b=$(calc "($d1 - $d0) / 1e9")
r=$(calc "$w / $b")
echo "(b) 1,000 independent tasks, parallelism 16: $w s; xargs -P16: $b s; ratio $r (target <= 1.3: $(verdict "$r" 1.31)); $("$sb" sups "$AIFLOW_HOME/working_dir/wide1000/$id/.runs") supervisors ran them"

"$aiflow" workflow upload "$tmp/chain10.yaml" >/dev/null
settle
ids=()
for _ in $(seq 100); do ids+=("$(start chain10_yaml)"); done
wait_all chain10_yaml
w=$(wall "${ids[@]}")
settle
d0=$(now); seq 100 | xargs -P 16 -I{} bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do bash -c true; done'; d1=$(now)
b=$(calc "($d1 - $d0) / 1e9")
r=$(calc "$w / $b")
echo "(c) 100 executions of a 10-task chain, parallelism 16: $w s; xargs -P16: $b s; ratio $r (target <= 1.5: $(verdict "$r" 1.51))"

echo "(d) events to a running rule:"
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
echo "(e) server RSS: $idle MB before, peak $peak MB while 100 executions (300 runs) ran, high-water mark $(rss VmHWM) MB"
