#!/usr/bin/env bash
# Condition benchmark (issue #8), all in one run:
#   (a) events/s through the API (16 senders) to a START rule with a custom
#       Python condition and with an expression (CEL) condition, each as a
#       ratio to the same rule with a plain event condition, measured one
#       after the other in one process (targets: Python >= 0.5x, CEL >= 0.8x)
#   (b) evaluations/s of one core in process: the AIFlow sample's
#       NumCondition (target >= 5,000/s) and a CEL running sum
#   (c) heap held by one cached snapshot interpreter
# usage: bench/conditions.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# metric NAME UNIT: the value of UNIT on the benchmark line NAME.
metric() { awk -v n="$1" -v u="$2" '$1 ~ n { for (i = 2; i < NF; i++) if ($(i + 1) == u) print $i }' "$log"; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

go test -run XXX -bench 'EventsToCondition' -benchtime=3x ./engine/ > "$log"
plain=$(metric /plain applied-events/s)
py=$(metric /python applied-events/s)
cel=$(metric /cel applied-events/s)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
atleast() { awk -v v="$1" -v l="$2" 'BEGIN { print (v >= l ? "ok" : "MISSED") }'; }
echo "(a) events/s applied to a rule: plain $plain, Python $py ($(ratio "$py" "$plain")x, target >= 0.5x: $(atleast "$(ratio "$py" "$plain")" 0.5)), CEL $cel ($(ratio "$cel" "$plain")x, target >= 0.8x: $(atleast "$(ratio "$cel" "$plain")" 0.8))"

GOMAXPROCS=1 go test -run XXX -bench 'IsMet|SnapshotHeap' -benchtime=2s ./pydef/ > "$log"
GOMAXPROCS=1 go test -run XXX -bench 'Eval$' -benchtime=2s ./celcond/ >> "$log"
isMet=$(metric IsMet evals/s)
echo "(b) one core, in process: NumCondition $isMet evaluations/s (target >= 5,000: $(atleast "$isMet" 5000)); CEL running sum $(metric 'BenchmarkEval' evals/s) evaluations/s"
echo "(c) heap of one cached snapshot interpreter: $(metric SnapshotHeap heap-bytes/snapshot | awk '{ printf "%.0f KiB", $1 / 1024 }')"
