#!/usr/bin/env bash
# The 10,000-function case of issue 12 from the CLI: peak RSS and CPU of
# `stampede run` on 10,000 functions sharing 1,000 requests/s for an hour
# (targets: ≤ 300 MB, ≤ 8 s CPU). The scenario is the one
# BenchmarkManyFunctions builds (bench/limit_bench_test.go, manyFunctions):
# one lognormal function (median 40 ms, p99 200 ms) and one Poisson
# workload of 0.1 requests/s each.
# Usage: bash bench/many-functions.sh [RUNS] [DURATION]   (default 5, 1h)
# With SCENARIO_OUT=FILE it also writes the scenario to FILE, for other
# tools (bench/ab.sh HEAD FILE); RUNS 0 then only writes it.
# Needs /usr/bin/time and go.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
duration=${2:-1h}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/stampede" ./cmd/stampede
{
  printf 'name = "many"\nduration = "%s"\n' "$duration"
  for i in $(seq 0 9999); do
    printf '[[function]]\nname = "f%d"\nduration = { dist = "lognormal", median = "40ms", p99 = "200ms" }\n' "$i"
    printf '[[workload]]\nname = "w%d"\nfunction = "f%d"\narrivals = { process = "poisson", rate = 0.1 }\n' "$i" "$i"
  done
} > "$tmp/many.toml"
if [[ -n ${SCENARIO_OUT:-} ]]; then
  cp "$tmp/many.toml" "$SCENARIO_OUT"
fi
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "run $i: %U s user, %S s system, %e s wall, %M KB peak RSS" \
    "$tmp/stampede" run "$tmp/many.toml" --progress never > /dev/null
done
