#!/usr/bin/env bash
# Stop the daemons that deploy/slurm/start.sh DIR started, and only those: it
# reads DIR/pids ("NAME PID" per line), signals each PID whose process is still
# that daemon (so a reused PID is left alone), in reverse start order (slurmd,
# slurmctld, munged), and waits for each to exit (SIGKILL after
# SLURM_CI_STOP_TIMEOUT seconds, default 30). Jobs still queued or running on
# the cluster are cancelled first. Safe to run twice, or after a failed start.
#
#   deploy/slurm/stop.sh DIR
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

dir=${1:-${STAMPEDE_SLURM_DIR:-}}
if [ -z "$dir" ]; then
  echo "usage: $0 DIR   (or set STAMPEDE_SLURM_DIR)" >&2
  exit 2
fi
pids="$dir/pids"
if [ ! -s "$pids" ]; then
  echo "== slurm: no $pids: nothing to stop"
  exit 0
fi
timeout_s=${SLURM_CI_STOP_TIMEOUT:-30}
t0=$(date +%s.%N)

# alive NAME PID: the process PID exists, is still NAME and is no zombie (an
# exited daemon whose parent has not reaped it yet).
alive() {
  [ "$(cat "/proc/$2/comm" 2>/dev/null || true)" = "$1" ] || return 1
  local stat
  stat=$(cat "/proc/$2/stat" 2>/dev/null || true)
  stat=${stat##*) }
  [ -n "$stat" ] && [ "${stat%% *}" != Z ]
}

# Cancel what is left on the cluster, so no job step outlives slurmd.
if [ -f "$dir/slurm.conf" ] && alive slurmctld "$(awk '$1 == "slurmctld" { print $2 }' "$pids")"; then
  jobs=$(SLURM_CONF="$dir/slurm.conf" timeout 10 squeue -h -o '%A' 2>/dev/null | sort -u | tr '\n' ' ' || true)
  if [ -n "${jobs// /}" ]; then
    echo "== slurm: cancelling jobs $jobs"
    # shellcheck disable=SC2086
    SLURM_CONF="$dir/slurm.conf" timeout 10 scancel $jobs || true
    for _ in $(seq 1 50); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" timeout 10 squeue -h -o '%A' 2>/dev/null || true)" ] && break
      sleep 0.2
    done
  fi
fi

stopped=""
while read -r name pid; do
  [ -n "$pid" ] || continue
  if ! alive "$name" "$pid"; then
    continue
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(date +%s) + timeout_s))
  while alive "$name" "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
  if alive "$name" "$pid"; then
    echo "== slurm: $name (pid $pid) still running after ${timeout_s} s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$name" "$pid" || break; sleep 0.05; done
  fi
  stopped="$stopped $name($pid)"
done < <(tac "$pids")

mv "$pids" "$pids.stopped"
echo "== slurm: stopped${stopped:- nothing (none was running)} in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
