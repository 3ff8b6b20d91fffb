#!/usr/bin/env bash
# instructions.sh [SCENARIO] [DURATION]: instructions a request of one
# replication, counted by callgrind, which are the same from run to run where
# CPU time on a shared host is not: for steps too small to time (issue 12's
# seventh round measured each so). Two builds of the working tree: without
# the profile (a change's own effect) and with cmd/stampede/default.pgo (what
# the CLI runs). Each run's count includes the fixed cost of a run (loading,
# finalizing: tens of millions of instructions), so compare at one duration.
# SCENARIO defaults to SimFaaS's case (bench/testdata/simfaas-steady.toml),
# DURATION to 200000s. Needs valgrind (Debian: apt-get install valgrind),
# go and python3.
set -euo pipefail
top=$(git rev-parse --show-toplevel)
scenario=${1:-$top/bench/testdata/simfaas-steady.toml}
duration=${2:-200000s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
go build -pgo=off -o "$work/plain" ./cmd/stampede
go build -o "$work/pgo" ./cmd/stampede
flags=(--duration "$duration" --replications 1 --workers 1 --progress never)
requests=$("$work/plain" run "$scenario" "${flags[@]}" --format json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["requests"]["total"])')
for build in plain pgo; do
  # The collector's phases run serially under valgrind: without async
  # preemption and on one P they stay where they are.
  GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind \
    --callgrind-out-file="$work/cg.$build" "$work/$build" run "$scenario" "${flags[@]}" \
    > /dev/null 2> "$work/log.$build"
  total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log.$build")
  printf "%-26s %12d instructions, %8d requests: %6.0f a request\n" \
    "$build$([[ $build = plain ]] && echo " (no profile)" || echo " (default.pgo)")" \
    "$total" "$requests" "$(echo "$total / $requests" | bc -l)"
done
