#!/usr/bin/env bash
# Prove the local Slurm cluster runs job arrays the way the sharded sweep
# needs them:
#
#  1. a 4-task array (sbatch --array=0-3 --wait) whose tasks each write
#     $SLURM_ARRAY_TASK_ID (and $SLURM_ARRAY_TASK_COUNT) into a file of a shared
#     directory: all four files, each with its own index and the count 4;
#  2. deploy/slurm/sweep.sbatch itself, submitted as a 3-task array with a stub
#     `stampede` (STAMPEDE=...) that records its arguments: each task must call
#     `stampede sweep SCENARIO --vary ... --shard auto/3 --out OUT/shards/I`
#     with SLURM_ARRAY_TASK_ID=I in its environment; an array not numbered
#     0..N-1 must be refused, and SHARDS=3 --array=1 must rerun shard 1 of 3.
#
#   deploy/slurm/selftest.sh DIR   use the cluster that deploy/slurm/start.sh DIR started
#   deploy/slurm/selftest.sh       start a cluster in a temporary directory, test, stop it
#
# Prints how long each step took. Exits non-zero, with the job output, on any
# failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

dir=${1:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d /tmp/stampede-slurm.XXXXXX)
  # Stop the cluster however this ends; keep its logs only on failure.
  # shellcheck disable=SC2154 # rc is assigned in the trap
  trap 'rc=$?; bash "$here/stop.sh" "$dir"; if [ "$rc" = 0 ]; then rm -rf "$dir"; else echo "selftest: logs kept in $dir" >&2; fi' EXIT
  trap 'exit 130' INT TERM
  t0=$(now)
  bash "$here/start.sh" "$dir"
  echo "== selftest: start.sh took $(since "$t0") s"
fi
# shellcheck disable=SC1091
. "$dir/env"

fail() {
  echo "selftest: $*" >&2
  for f in "$work"/*.out; do
    [ -s "$f" ] && { echo "---- $f" >&2; cat "$f" >&2; }
  done
  squeue >&2 || true
  exit 1
}

work=$(mktemp -d "$dir/selftest.XXXXXX")
chmod 0755 "$work"

# --- 1. a plain 4-task array -------------------------------------------------
t0=$(now)
# shellcheck disable=SC2016 # the task's shell expands them
timeout 120 sbatch --array=0-3 --wait --quiet --job-name=selftest-array \
  --time=5 --chdir="$work" --output="$work/array-%A_%a.out" \
  --wrap 'echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT" >"task-$SLURM_ARRAY_TASK_ID"' \
  || fail "the 4-task array failed (exit $?)"
for i in 0 1 2 3; do
  [ -f "$work/task-$i" ] || fail "task $i wrote no file"
  got=$(cat "$work/task-$i")
  [ "$got" = "$i 4" ] || fail "task-$i holds '$got', want '$i 4'"
done
n=$(find "$work" -maxdepth 1 -name 'task-*' | wc -l)
[ "$n" = 4 ] || fail "$n task files, want 4"
echo "== selftest: 4-task array ok in $(since "$t0") s"

# --- 2. sweep.sbatch with a stub stampede -----------------------------------
t0=$(now)
cat >"$work/stampede-stub" <<'EOF'
#!/usr/bin/env bash
# Records how sweep.sbatch called it, where --out points.
set -euo pipefail
out=""
prev=""
for a in "$@"; do
  [ "$prev" = --out ] && out=$a
  prev=$a
done
mkdir -p "$out"
printf '%s\n' "$@" >"$out/args"
echo "$SLURM_ARRAY_TASK_ID" >"$out/task_id"
EOF
chmod +x "$work/stampede-stub"
out="$work/sweep"
SCENARIO=steady-api VARY="--vary function.api.memory_mb=512,1024 --vary workload.requests.arrivals.rate=50:150:50" \
  OUT="$out" STAMPEDE="$work/stampede-stub" \
  timeout 120 sbatch --array=0-2 --wait --quiet --chdir="$work" \
  --output="$work/sweep-%A_%a.out" "$here/sweep.sbatch" \
  || fail "sweep.sbatch failed (exit $?)"
for i in 0 1 2; do
  [ -f "$out/shards/$i/args" ] || fail "sweep task $i wrote nothing under $out/shards/$i"
  want=$(printf '%s\n' sweep steady-api --vary function.api.memory_mb=512,1024 \
    --vary workload.requests.arrivals.rate=50:150:50 --shard auto/3 --out "$out/shards/$i")
  got=$(cat "$out/shards/$i/args")
  [ "$got" = "$want" ] || fail "sweep task $i ran: $(echo "$got" | tr '\n' ' '); want: $(echo "$want" | tr '\n' ' ')"
  [ "$(cat "$out/shards/$i/task_id")" = "$i" ] || fail "sweep task $i saw SLURM_ARRAY_TASK_ID=$(cat "$out/shards/$i/task_id")"
done
echo "== selftest: sweep.sbatch (3-task array, stub stampede) ok in $(since "$t0") s"

# A task submitted outside 0..N-1 must refuse to run rather than compute a
# wrong shard.
t0=$(now)
if SCENARIO=steady-api VARY="--vary function.api.memory_mb=512,1024" OUT="$work/bad" \
  STAMPEDE="$work/stampede-stub" timeout 120 sbatch --array=1-2 --wait --quiet \
  --chdir="$work" --output="$work/bad-%A_%a.out" "$here/sweep.sbatch"; then
  fail "sweep.sbatch ran with --array=1-2"
fi
[ ! -e "$work/bad" ] || fail "sweep.sbatch with --array=1-2 wrote $work/bad"
grep -q -- '--array=0-' "$work"/bad-*.out || fail "sweep.sbatch with --array=1-2 gave no hint"
echo "== selftest: sweep.sbatch refuses --array=1-2 ok in $(since "$t0") s"

# Running one shard again: SHARDS=3 with --array=1 runs shard 1 of 3.
t0=$(now)
rm -rf "$out/shards/1"
SHARDS=3 SCENARIO=steady-api VARY="--vary function.api.memory_mb=512,1024" OUT="$out" \
  STAMPEDE="$work/stampede-stub" timeout 120 sbatch --array=1 --wait --quiet \
  --chdir="$work" --output="$work/rerun-%A_%a.out" "$here/sweep.sbatch" \
  || fail "sweep.sbatch with SHARDS=3 --array=1 failed (exit $?)"
grep -qx 'auto/3' "$out/shards/1/args" || fail "the rerun of shard 1 ran: $(tr '\n' ' ' <"$out/shards/1/args")"
echo "== selftest: sweep.sbatch reruns shard 1 of 3 (SHARDS=3 --array=1) ok in $(since "$t0") s"

echo "selftest: 4 passed, 0 failed"
