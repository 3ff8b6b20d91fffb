#!/usr/bin/env bash
# stampede beside the peer simulator SimFaaS (github.com/pacslab/simfaas) on
# SimFaaS's published steady-state case (bench/testdata/simfaas-steady.toml,
# the case of models/simfaas_test.go): CPU time (user + sys) and peak RSS of
# 3 runs of each, the CPU ratio, and each run's P(cold) and mean instances.
#
# Usage: bash bench/simfaas.sh SIMFAAS_GIT_DIR
#    or: SIMFAAS_GIT=SIMFAAS_GIT_DIR bash bench/simfaas.sh
# SIMFAAS_GIT_DIR is a git directory (bare or not) holding SimFaaS's history,
# e.g. a mirror or a clone. No SimFaaS code enters this repository: its HEAD
# is extracted into a temporary directory, beside a Python venv for it.
# SimFaaS needs numpy, scipy, pandas, matplotlib and tqdm: the venv sees the
# system's packages (Debian: apt-get install python3-numpy python3-scipy
# python3-pandas python3-matplotlib python3-tqdm python3-venv) and pip
# installs whatever is missing. PYTHON picks the interpreter (default
# /usr/bin/python3, the one Debian's packages are for). RUNS (default 3).
# WORKERS sets stampede's --workers (default: its own, one a core).
# SimFaaS runs on one core; with two workers stampede's four replications
# run two at a time, and on a host whose two vCPUs share a core each
# took 2–3% more CPU (issue 12, eleventh round): WORKERS=1 compares one
# core with one core.
# Needs /usr/bin/time and go.
set -euo pipefail
cd "$(dirname "$0")/.."

git_dir=${1:-${SIMFAAS_GIT:-}}
if [[ -z $git_dir ]]; then
  echo "usage: bash bench/simfaas.sh SIMFAAS_GIT_DIR (or SIMFAAS_GIT=...)" >&2
  exit 2
fi
runs=${RUNS:-3}
workers=()
if [[ -n ${WORKERS:-} ]]; then workers=(--workers "$WORKERS"); fi
python=${PYTHON:-}
if [[ -z $python ]]; then
  if [[ -x /usr/bin/python3 ]]; then python=/usr/bin/python3; else python=python3; fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. SimFaaS: its HEAD, and a venv for it.
commit=$(git --git-dir="$git_dir" rev-parse HEAD)
mkdir "$tmp/src"
git --git-dir="$git_dir" archive HEAD | tar -x -C "$tmp/src"
"$python" -m venv --system-site-packages "$tmp/venv"
py=$tmp/venv/bin/python
missing=$("$py" - <<'EOF'
import importlib
print(" ".join(m for m in ["numpy", "scipy", "pandas", "matplotlib", "tqdm"]
               if importlib.util.find_spec(m) is None))
EOF
)
if [[ -n $missing ]]; then
  # shellcheck disable=SC2086 # a list of package names
  if ! "$py" -m pip install -q $missing; then
    echo "simfaas.sh: cannot install $missing for SimFaaS (no pip index?);" \
      "on Debian: apt-get install python3-numpy python3-scipy python3-pandas" \
      "python3-matplotlib python3-tqdm python3-venv" >&2
    exit 1
  fi
fi

# SimFaaS's steady-state example (its README's "Usage"), the values of
# bench/testdata/simfaas-steady.toml; without the progress bar, seeded.
cat > "$tmp/steady.py" <<'EOF'
import sys
import numpy as np
from simfaas.ServerlessSimulator import ServerlessSimulator as Sim
np.random.seed(int(sys.argv[1]))
sim = Sim(arrival_rate=0.9, warm_service_rate=1/1.991, cold_service_rate=1/2.244,
          expiration_threshold=600, max_time=1e6)
sim.generate_trace(debug_print=False, progress=False)
sim.print_trace_results()
print(f"P(cold) {sim.total_cold_count / sim.total_req_count:.6f} "
      f"instances {sim.get_average_server_count():.4f}")
EOF

# 2. stampede, built from this tree.
go build -o "$tmp/stampede" ./cmd/stampede

timefmt="%e %U %S %M"
echo "SimFaaS commit $commit; $("$py" --version); $(go version)"
echo "case: bench/testdata/simfaas-steady.toml (lambda 0.9/s, warm 1.991 s, cold 2.244 s, expiry 600 s, 1e6 s)"
echo "stampede's workers: ${WORKERS:-its default, one a core}"
echo

# 3. Runs, one at a time. Prints: run, wall, user, sys, cpu, RSS, P(cold), instances.
row() { # name run timefile pcold inst
  read -r wall user sys rss < <(tail -n 1 "$3")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf "%-8s run %d: %7s s wall %7s s user %5s s sys = %7s s CPU, %7s KB peak RSS; P(cold) %s, mean instances %s\n" \
    "$1" "$2" "$wall" "$user" "$sys" "$cpu" "$rss" "$4" "$5"
  echo "$cpu" >> "$tmp/$1.cpu"
}

for i in $(seq 1 "$runs"); do
  (cd "$tmp" && PYTHONPATH="$tmp/src" /usr/bin/time -o "$tmp/t" -f "$timefmt" "$py" "$tmp/steady.py" "$i" > "$tmp/out")
  read -r _ pcold _ inst < <(grep '^P(cold)' "$tmp/out")
  row simfaas "$i" "$tmp/t" "$pcold" "$inst"
done
for i in $(seq 1 "$runs"); do
  /usr/bin/time -o "$tmp/t" -f "$timefmt" "$tmp/stampede" run bench/testdata/simfaas-steady.toml \
    --seed "$i" --progress never --format json "${workers[@]}" > "$tmp/out.json"
  read -r reps pcold inst < <("$py" - "$tmp/out.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f, c = d["functions"]["f"], d.get("ci95", {}).get("functions", {}).get("f", {})
ci = lambda k: f"±{c[k]:.{2 if k == 'mean_instances' else 6}f}" if k in c else ""
print(d["replications"],
      f"{f['cold_start_fraction']:.6f}{ci('cold_start_fraction')}",
      f"{f['mean_instances']:.4f}{ci('mean_instances')}")
EOF
)
  row stampede "$i" "$tmp/t" "$pcold" "$inst"
done

echo
awk -v reps="$reps" -v a="$tmp/simfaas.cpu" -v b="$tmp/stampede.cpu" 'BEGIN {
  while ((getline x < a) > 0) { sa += x; na++ }
  while ((getline x < b) > 0) { sb += x; nb++ }
  ma = sa / na; mb = sb / nb
  printf "mean CPU: SimFaaS %.2f s (one 1e6 s trace), stampede %.2f s (%d replications of 1e6 s)\n", ma, mb, reps
  printf "CPU ratio SimFaaS / stampede: %.1f as run; %.1f per simulated 1e6 s\n", ma / mb, ma / (mb / reps)
}'
echo "published (SimFaaS paper): P(cold) about 0.00135, about 7.66 instances"
