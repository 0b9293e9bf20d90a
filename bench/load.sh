#!/usr/bin/env bash
# Side-by-side cost of loading definitions: aiflow-go against python3 running
# the same Python files with the ai_flow shim (pydef/shim) as a minimal stand-in
# for AIFlow's package, which is what AIFlow itself pays to load a workflow.
#   (a) in-process time per file (.py and .yaml; Go benchmarks vs python3 REPEAT)
#   (b) the editor path: one whole process per file
#   (c) 1,000 Python definitions in one call, against python3 loading the
#       same files in one process (target < 1.0x), and peak memory against
#       only parsing them (target <= 2x)
# usage: bench/load.sh [runs] [reps]   (runs of (b), default 20; runs of (c), default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
reps=${2:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/aiflow" ./cmd/aiflow
shim=pydef/shim
wf=testdata/workflows
now() { date +%s%N; }
ms() { awk -v ns="$1" -v n="$2" 'BEGIN { printf "%.2f", ns / n / 1e6 }'; }
# verdict VALUE LIMIT: ok when VALUE < LIMIT (as in bench/lib.sh).
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v < l ? "ok" : "MISSED") }'; }

echo "== (a) in-process, per file"
go test -run '^$' -bench 'BenchmarkLoad|BenchmarkParse$' -benchmem ./pydef ./yamldef | grep -E '^Benchmark'
for f in quickstart online_ml; do
  echo "python3 in-process $f.py: $(REPEAT=200 python3 bench/load.py "$shim" "$wf/$f.py") us/op"
done

echo "== (b) editor path: one process per file, mean of $runs runs"
for f in "$wf/quickstart.py" "$wf/online_ml.py" "$wf/quickstart.yaml"; do
  "$out/aiflow" validate "$f" >/dev/null 2>&1 || true
  t0=$(now); for _ in $(seq "$runs"); do "$out/aiflow" validate "$f" >/dev/null 2>&1 || true; done; t1=$(now)
  line="aiflow validate $f: $(ms $((t1 - t0)) "$runs") ms"
  case "$f" in *.py)
    t0=$(now); for _ in $(seq "$runs"); do python3 bench/load.py "$shim" "$f" >/dev/null; done; t1=$(now)
    line="$line | python3 load.py: $(ms $((t1 - t0)) "$runs") ms";;
  esac
  echo "$line"
done

echo "== (c) 1,000 Python definitions in one process, $reps runs"
# The six sample definitions copied 167 times, their workflows renamed so
# that the run holds no duplicates. python3 loads the same files with the
# minimal ai_flow stand-in and writes no bytecode (PYTHONDONTWRITEBYTECODE),
# so that every run compiles every file, as aiflow does. Peak memory is
# compared with parseonly (pydef/internal/parseonly), which reads, rewrites
# and parses the same files and keeps nothing. Each run gives a ratio; the
# verdicts take the median run. aiflow validate loads on every core, python3
# on one: the CPU times tell how much of the ratio the second core gives.
corpus=$out/corpus
rm -rf "$corpus"
pairs=(quickstart periodic_task flink spark online_ml retries)
n=0; i=0
while [ "$n" -lt 1000 ]; do
  d=$corpus/c$i; mkdir -p "$d"
  for p in "${pairs[@]}"; do
    [ "$n" -lt 1000 ] || break
    sed -E "s/(Workflow\(name=['\"])([A-Za-z0-9_]+)/\1\2_$i/" "$wf/$p.py" > "$d/$p.py"
    n=$((n + 1))
  done
  i=$((i + 1))
done
files=$(find "$corpus" -name '*.py' | wc -l)
pyfiles=$(find "$corpus" -name '*.py' | sort)
go build -o "$out/parseonly" ./pydef/internal/parseonly
"$out/aiflow" validate "$corpus" > "$out/corpus.txt" 2>&1 || { echo "corpus has problems:"; head -5 "$out/corpus.txt"; }
# run CMD...: runs CMD, prints its wall time in ms, its peak RSS in MB and
# its CPU time (user + system) in ms.
run() {
  local t0 t1
  t0=$(now)
  /usr/bin/time -f '%M %U %S' -o "$out/rss" "$@" >/dev/null 2>&1 || true
  t1=$(now)
  tail -1 "$out/rss" | awk -v ns=$((t1 - t0)) '{ printf "%.0f %.1f %.0f\n", ns / 1e6, $1 / 1024, ($2 + $3) * 1000 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratios=(); mems=()
for r in $(seq "$reps"); do
  read -r at am ac < <(run "$out/aiflow" validate "$corpus")
  read -r pt pm pc < <(run env PYTHONDONTWRITEBYTECODE=1 python3 bench/load.py "$shim" $pyfiles)
  read -r _ om _ < <(run "$out/parseonly" "$corpus")
  tr=$(awk -v a="$at" -v p="$pt" 'BEGIN { printf "%.2f", a / p }')
  mr=$(awk -v a="$am" -v o="$om" 'BEGIN { printf "%.2f", a / o }')
  echo "run $r: aiflow validate $at ms (cpu $ac ms), $am MB | python3 load.py $pt ms (cpu $pc ms), $pm MB | parseonly $om MB | time ratio $tr, memory ratio $mr"
  ratios+=("$tr"); mems+=("$mr")
done
tr=$(printf '%s\n' "${ratios[@]}" | median)
mr=$(printf '%s\n' "${mems[@]}" | median)
echo "(c) $files Python definitions: aiflow validate / python3 load.py $tr (target < 1.0: $(verdict "$tr" 1))"
echo "(c) $files Python definitions: peak memory of aiflow validate / parseonly $mr (target <= 2: $(verdict "$mr" 2.01))"
