#!/usr/bin/env bash
# Side-by-side cost of loading definitions: aiflow-go against python3 running
# the same Python files with the ai_flow shim (pydef/shim) as a minimal stand-in
# for AIFlow's package, which is what AIFlow itself pays to load a workflow.
#   (a) in-process time per file (.py and .yaml; Go benchmarks vs python3 REPEAT)
#   (b) the editor path: one whole process per file
#   (c) 1,000 mixed files in one process
# usage: bench/load.sh [runs]   (runs of (b), default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
out=bench/out
mkdir -p "$out"
go build -o "$out/aiflow" ./cmd/aiflow
shim=pydef/shim
wf=testdata/workflows
now() { date +%s%N; }
ms() { awk -v ns="$1" -v n="$2" 'BEGIN { printf "%.2f", ns / n / 1e6 }'; }

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

echo "== (c) 1,000 files in one process"
corpus=$out/corpus
rm -rf "$corpus"
pairs=(quickstart periodic_task flink spark online_ml retries)
n=0; i=0
while [ "$n" -lt 1000 ]; do
  d=$corpus/c$i; mkdir -p "$d"
  for p in "${pairs[@]}"; do
    [ -f "$wf/$p.py" ] || continue
    # Rename the copy's workflows so that the run holds no duplicates.
    sed -E "s/(Workflow\(name=['\"])([A-Za-z0-9_]+)/\1\2_$i/" "$wf/$p.py" > "$d/$p.py"
    sed -E "s/^name: ([A-Za-z0-9_]+)/name: \1_y$i/" "$wf/$p.yaml" > "$d/$p.yaml"
    n=$((n + 2))
  done
  i=$((i + 1))
done
files=$(find "$corpus" -name '*.py' -o -name '*.yaml' | wc -l)
pyfiles=$(find "$corpus" -name '*.py' | sort)
"$out/aiflow" validate "$corpus" > "$out/corpus.txt" 2>&1 || { echo "corpus has problems:"; head -5 "$out/corpus.txt"; }
t0=$(now); "$out/aiflow" validate "$corpus" >/dev/null 2>&1 || true; t1=$(now)
echo "aiflow validate, $files files (.py and .yaml): $(ms $((t1 - t0)) 1) ms"
# python3 loads the Python twin of every file: it has no YAML front end.
t0=$(now); python3 bench/load.py "$shim" $pyfiles $pyfiles >/dev/null; t1=$(now)
echo "python3 load.py, the same $files workflows as .py: $(ms $((t1 - t0)) 1) ms"
