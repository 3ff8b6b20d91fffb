#!/usr/bin/env bash
# pgo.sh: regenerate cmd/stampede/default.pgo, the CPU profile that `go
# build` uses for profile-guided optimization of the CLI (Go ≥ 1.21 picks
# up default.pgo in the main package's directory by itself). The profile
# comes from the benchmarks that stand for the CLI's work: the 1-hour API
# run, the database and SQS built-ins, 10,000 functions and SimFaaS's case.
# Re-run it after changing the hot path; a stale profile still builds, only
# less well. Each benchmark runs PGO_COUNT times (default 3).
#
# Profiles of the same code guide builds that differ by up to 6% in
# instructions, in every workload alike (issue 12, eleventh round): the
# call sites the compiler inlines are those above a cut of the profile's
# weight, and sampling noise moves dozens of them across it, eight runs of
# each benchmark as much as three. So PGO_CANDIDATES=N (default 1) makes N
# profiles and keeps the one whose build runs SimFaaS's case and the API
# hour in the fewest instructions a request, counted by callgrind (the
# same from run to run) between two run lengths, so that loading and
# finalizing cancel out. Each candidate takes about a minute on two cores.
# Compare the pick with the committed profile (bench/instructions.sh)
# before keeping it: a profile made before a change can still be better.
# Needs valgrind (Debian: apt-get install valgrind) and python3 for N > 1.
set -euo pipefail
top=$(git rev-parse --show-toplevel)
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
candidates=${PGO_CANDIDATES:-1}

profile() { # OUT: one profile of the benchmark mix
  go test ./bench -run '^$' -bench 'BenchmarkRunAPI1000rps1h|BenchmarkRunBuiltin|BenchmarkManyFunctions|BenchmarkSimFaaSCase' \
    -benchtime 1x -count "${PGO_COUNT:-3}" -cpuprofile "$1" -o "$tmp/bench.test" >/dev/null
}

# per_request BIN SCENARIO SHORT LONG: instructions a request between the
# SHORT and LONG runs of SCENARIO, one replication on one worker.
per_request() {
  local bin=$1 scenario=$2 d
  for d in "$3" "$4"; do
    # Without async preemption and on one P, the collector's phases stay
    # where they are under valgrind.
    GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind \
      --callgrind-out-file=/dev/null "$bin" run "$scenario" --duration "$d" \
      --replications 1 --workers 1 --progress never --format json \
      > "$bin.$d.json" 2> "$bin.$d.log" &
  done
  wait
  python3 - "$bin.$3" "$bin.$4" <<'EOF'
import json, re, sys
def run(p):
    n = json.load(open(p + ".json"))["requests"]["total"]
    ir = int(re.search(r"Collected : (\d+)", open(p + ".log").read()).group(1))
    return n, ir
(n1, i1), (n2, i2) = run(sys.argv[1]), run(sys.argv[2])
print(f"{(i2 - i1) / (n2 - n1):.1f}")
EOF
}

if ((candidates <= 1)); then
  profile "$tmp/cpu.pprof"
  cp "$tmp/cpu.pprof" cmd/stampede/default.pgo
  echo "wrote cmd/stampede/default.pgo ($(wc -c < cmd/stampede/default.pgo) bytes)"
  exit 0
fi

best= bestScore=
for i in $(seq 1 "$candidates"); do
  profile "$tmp/cpu.$i.pprof"
  go build -pgo="$tmp/cpu.$i.pprof" -o "$tmp/stampede.$i" ./cmd/stampede
  sf=$(per_request "$tmp/stampede.$i" bench/testdata/simfaas-steady.toml 100000s 300000s)
  api=$(per_request "$tmp/stampede.$i" bench/testdata/api-1000rps.toml 100s 300s)
  score=$(awk -v a="$sf" -v b="$api" 'BEGIN { printf "%.1f", a + b }')
  echo "candidate $i: SimFaaS's case $sf, the API hour $api instructions a request (sum $score)"
  if [[ -z $best ]] || awk -v s="$score" -v b="$bestScore" 'BEGIN { exit !(s < b) }'; then
    best=$i bestScore=$score
  fi
done
cp "$tmp/cpu.$best.pprof" cmd/stampede/default.pgo
echo "wrote cmd/stampede/default.pgo from candidate $best ($(wc -c < cmd/stampede/default.pgo) bytes)"
