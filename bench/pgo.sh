#!/usr/bin/env bash
# pgo.sh: regenerate cmd/stampede/default.pgo, the CPU profile that `go
# build` uses for profile-guided optimization of the CLI (Go ≥ 1.21 picks
# up default.pgo in the main package's directory by itself). The profile
# comes from the benchmarks that stand for the CLI's work: the 1-hour API
# run, the database and SQS built-ins, 10,000 functions and SimFaaS's case. Re-run it after
# changing the hot path; a stale profile still builds, only less well.
# Each benchmark runs PGO_COUNT times (default 3): from one run each, the
# profile's samples are few enough that two profiles of the same code
# guided builds 6% apart in instructions on the SimFaaS case (issue 12).
set -euo pipefail
top=$(git rev-parse --show-toplevel)
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test ./bench -run '^$' -bench 'BenchmarkRunAPI1000rps1h|BenchmarkRunBuiltin|BenchmarkManyFunctions|BenchmarkSimFaaSCase' \
  -benchtime 1x -count "${PGO_COUNT:-3}" -cpuprofile "$tmp/cpu.pprof" -o "$tmp/bench.test" >/dev/null
cp "$tmp/cpu.pprof" cmd/stampede/default.pgo
echo "wrote cmd/stampede/default.pgo ($(wc -c < cmd/stampede/default.pgo) bytes)"
