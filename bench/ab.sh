#!/usr/bin/env bash
# ab.sh REV [SCENARIO] [RUNS]: is the working tree faster than revision REV?
# Builds both (each with its own cmd/stampede/default.pgo), then runs
# `stampede run SCENARIO --workers 1` with each in turn, RUNS times (default
# 10), on one core (taskset, where there is one), the order alternating
# from pair to pair, and prints each side's CPU time (user + system: min,
# median, mean) and the mean paired difference with its 95% confidence
# interval. On a shared host whose speed drifts by a fifth within minutes,
# pairs taken seconds apart see the same drift: their differences hold
# where single times do not (issue 12). SCENARIO defaults to SimFaaS's case
# (bench/testdata/simfaas-steady.toml), a path or a built-in's name.
# Needs git, go, python3 and /usr/bin/time.
set -euo pipefail
rev=${1:?usage: bash bench/ab.sh REV [SCENARIO] [RUNS]}
top=$(git rev-parse --show-toplevel)
scenario=${2:-$top/bench/testdata/simfaas-steady.toml}
if [[ -f $scenario ]]; then scenario=$(cd "$(dirname "$scenario")" && pwd)/$(basename "$scenario"); fi
runs=${3:-10}
work=$(mktemp -d)
trap 'git -C "$top" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$top" worktree add -q --detach "$work/base" "$rev"
(cd "$work/base" && go build -o "$work/A" ./cmd/stampede)
(cd "$top" && go build -o "$work/B" ./cmd/stampede)
pin=()
if command -v taskset > /dev/null; then pin=(taskset -c "$(($(nproc) - 1))"); fi
cpu() { # binary: CPU seconds of one run
  /usr/bin/time -f "%U %S" -o "$work/t" "${pin[@]}" "$1" run "$scenario" --workers 1 --progress never > /dev/null
  awk '{printf "%.3f\n", $1 + $2}' "$work/t"
}
for i in $(seq 1 "$runs"); do
  if ((i % 2)); then a=$(cpu "$work/A"); b=$(cpu "$work/B"); else b=$(cpu "$work/B"); a=$(cpu "$work/A"); fi
  echo "$a $b" >> "$work/pairs"
done
python3 - "$rev" "$work/pairs" <<'P'
import statistics as st, sys
rev, path = sys.argv[1], sys.argv[2]
pairs = [tuple(map(float, l.split())) for l in open(path)]
a, b = [p[0] for p in pairs], [p[1] for p in pairs]
for name, xs in ((rev, a), ("working tree", b)):
    print(f"{name:>14}: min {min(xs):.3f} s, median {st.median(xs):.3f} s, mean {st.mean(xs):.3f} s")
d = [y - x for x, y in pairs]
m = st.mean(d)
h = 1.96 * st.stdev(d) / len(d) ** 0.5 if len(d) > 1 else float("nan")
print(f"working tree − {rev}: {m:+.3f} ± {h:.3f} s a run ({100 * m / st.mean(a):+.1f}% ± {100 * h / st.mean(a):.1f}%), {len(d)} pairs")
P
