# Shared by the benchmark scripts (source it from the repository root):
# builds aiflow and serverbench into bench/out, makes a temporary
# AIFLOW_HOME that is removed (and its server stopped) on exit, and defines
# the helpers below. Linux only (/proc).
out=bench/out
mkdir -p "$out"
go build -o "$out/aiflow" ./cmd/aiflow
go build -o "$out/serverbench" ./bench/serverbench
aiflow=$PWD/$out/aiflow
sb=$PWD/$out/serverbench

tmp=$(mktemp -d)
export AIFLOW_HOME=$tmp/home
unset AIFLOW_SERVER AIFLOW_TOKEN
cleanup() { "$aiflow" server stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT

now() { date +%s%N; }
pid() { cat "$AIFLOW_HOME/aiflow_server.pid"; }
# rss KEY: VmRSS or VmHWM of the server in MB.
rss() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$(pid)/status"; }
# verdict VALUE LIMIT: ok when VALUE < LIMIT.
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v < l ? "ok" : "MISSED") }'; }
