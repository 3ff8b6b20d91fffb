#!/usr/bin/env bash
# Whole-program figures for bench/README.md: CPU time and peak RSS of
# `stampede run` on the 1,000 requests/s API scenario for 1 hour and 24 hours.
# Usage: bash bench/whole-program.sh   (needs /usr/bin/time; takes about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/stampede
go build -o "$bin" ./cmd/stampede
for d in 1h 24h; do
  /usr/bin/time -f "$d: %U s user, %S s system, %e s wall, %M KB peak RSS" \
    "$bin" run bench/testdata/api-1000rps.toml --duration "$d" --progress never > /dev/null
done
