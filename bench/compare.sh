#!/usr/bin/env bash
# Wall and CPU time of the README's comparison, `stampede compare
# rds-exhaustion rds-proxy rds-per-invocation sqs-leveling` (full 30
# simulated minutes each): with --replications 1, with compare's default
# (5 replications), with --replications 5 and --out, and the default on one
# worker, REPEAT times (default 3), for bench/README.md. The load average is
# printed with each run: on a shared machine, trust the runs with the lowest.
# Usage: bash bench/compare.sh [REPEAT]   (needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/stampede
go build -o "$bin" ./cmd/stampede
out=$(mktemp -d)
args=(compare rds-exhaustion rds-proxy rds-per-invocation sqs-leveling --progress never)
for i in $(seq 1 "${1:-3}"); do
  for variant in "--replications 1" "" "--replications 5 --out $out" "--workers 1"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    # shellcheck disable=SC2086 # the variant's words are separate flags
    /usr/bin/time -f "run $i, [${variant:-default}]: %e s wall, %U s user, %S s system, %M KB peak RSS (load $load before)" \
      "$bin" "${args[@]}" $variant > /dev/null
  done
done
rm -rf "$out"
