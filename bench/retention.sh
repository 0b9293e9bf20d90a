#!/usr/bin/env bash
# Retention benchmark (issue 13): a real `aiflow server` with
# history_retention on runs N executions one after another, each a task
# that writes 100 KB into its run folder and 10 KB into its log. Every
# 250 executions it prints the disk use and file count of AIFLOW_HOME
# (database, snapshots, run folders, logs) and the server's RSS. With
# retention they must stop growing once the window is full: the last
# samples are compared with the first one taken after a full window.
# Linux only (/proc). usage: bench/retention.sh [executions] [retention]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-4000}
keep=${2:-1m}
. bench/lib.sh

"$aiflow" config init >/dev/null
port=$("$sb" port)
cfg=$AIFLOW_HOME/aiflow_server.yaml
sed -e "s/^server_address: .*/server_address: 127.0.0.1:$port/" -e "s/^history_retention: .*/history_retention: $keep/" "$cfg" > "$cfg.new" && mv "$cfg.new" "$cfg"
"$aiflow" db init >/dev/null
cat > "$tmp/keep.yaml" <<'YAML'
name: keep
tasks:
  - name: write
    operator: bash
    bash_command: head -c 102400 /dev/urandom > data.bin && head -c 10240 /dev/zero | tr '\0' x
YAML
"$aiflow" server start -d >/dev/null
sleep 1
"$aiflow" workflow upload "$tmp/keep.yaml" >/dev/null
echo "== $n executions, history_retention $keep, AIFLOW_HOME=$AIFLOW_HOME"
"$sb" seqrun -addr "127.0.0.1:$port" -wf keep -n "$n" -every 250 -home "$AIFLOW_HOME" | tee "$tmp/samples"
# The first sample taken a retention window plus one sweep interval (a
# minute, or a quarter of a shorter window) after the start has a full
# window; later ones must stay within 25% of it.
awk -v keep="$keep" '
  function secs(d) { return d ~ /m$/ ? d * 60 : d ~ /h$/ ? d * 3600 : d * 86400 }
  NR == 1 { next }
  !base && $2 >= secs(keep) + (secs(keep) < 240 ? secs(keep) / 4 : 60) { base = 1; d = $3; f = $4; r = $5; next }
  base { md = $3 > md ? $3 : md; mf = $4 > mf ? $4 : mf; mr = $5 > mr ? $5 : mr }
  END {
    if (!base || !md) { print "the run ended before a full retention window"; exit 1 }
    printf "after a full window: disk %.1f -> max %.1f MB (%.2fx), files %d -> max %d (%.2fx), RSS %.1f -> max %.1f MB (%.2fx)\n", d, md, md / d, f, mf, mf / f, r, mr, mr / r
    ok = md / d < 1.25 && mf / f < 1.25 && mr / r < 1.25
    print ok ? "flat: ok" : "flat: MISSED"
  }' "$tmp/samples"
