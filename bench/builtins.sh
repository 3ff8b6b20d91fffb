#!/usr/bin/env bash
# CPU time and peak RSS of `stampede run` on the database built-ins, for
# bench/README.md. Usage: bash bench/builtins.sh   (needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/stampede
go build -o "$bin" ./cmd/stampede
for s in rds-exhaustion rds-proxy rds-per-invocation sqs-leveling; do
  /usr/bin/time -f "$s: %U s user, %S s system, %e s wall, %M KB peak RSS" \
    "$bin" run "$s" --progress never > /dev/null
done
