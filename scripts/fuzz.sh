#!/usr/bin/env bash
# Runs every Go fuzz target of the module for a few seconds each.
set -euo pipefail
secs=${1:-10}
cd "$(dirname "$0")/.."
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for fn in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz $pkg $fn (${secs}s)"
    go test -run '^$' -fuzz "^${fn}\$" -fuzztime "${secs}s" "$pkg"
  done
done
