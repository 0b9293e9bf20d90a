# aiflow-go tasks. `just` is optional: every recipe is a plain go command.

# Build the aiflow binary into ./bin.
build:
    go build -o bin/aiflow ./cmd/aiflow

# Run the whole test suite (what CI runs).
test:
    go test ./...

# Short fuzzing of every fuzz target (seconds each).
fuzz seconds="10":
    ./scripts/fuzz.sh {{seconds}}

# Benchmarks: in-process Go benchmarks, the side-by-side run against python3,
# a real server (upload, list of 10,000 workflows, RSS) and its engine (task
# chains, parallelism, events to a rule, RSS while executions run) and its
# conditions (Python and CEL against plain rules, evaluations/s, heap).
bench:
    go test -run '^$' -bench . -benchmem ./pydef/... ./celcond/... ./yamldef/... ./ir/... ./parser/... ./storage/... ./server/... ./engine/...
    ./bench/load.sh
    ./bench/server.sh
    ./bench/engine.sh
    ./bench/conditions.sh
    ./bench/retention.sh

# gofmt, go vet and the gpython fork's own tests.
lint:
    test -z "$(gofmt -l $(git ls-files '*.go' | grep -v '^third_party/'))"
    go vet ./...

# Regenerate golden files and the YAML JSON Schema.
golden:
    go test ./... -update

# Everything CI checks.
ci: lint test
    ./scripts/fuzz.sh 5
    cd third_party/gpython && go test ./...
