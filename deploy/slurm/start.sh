#!/usr/bin/env bash
# Start a single-node Slurm cluster on this machine: munged, slurmctld and
# slurmd for the local host, for CI and for trying sharded sweeps locally.
#
#   deploy/slurm/start.sh DIR        (or STAMPEDE_SLURM_DIR=DIR deploy/slurm/start.sh)
#   . DIR/env                        # sets SLURM_CONF for sbatch, squeue, sinfo, ...
#   sbatch --array=0-3 --wait ...
#   deploy/slurm/stop.sh DIR
#
# DIR (created if missing; keep its path short: munge's socket lives there)
# holds everything: the rendered slurm.conf, the munge key and socket, state,
# spool, pid and log files, and DIR/pids ("NAME PID" per daemon, in start
# order), which stop.sh reads to stop exactly these daemons.
#
# Installs Debian's slurm-wlm and munge with apt when sbatch or munged is
# missing. Needs root (the daemons run as the invoking user, and slurmd must
# be able to run jobs as the submitting user). Works without systemd or
# cgroups: see deploy/slurm/slurm.conf.
#
# Environment (all optional):
#   SLURM_CI_CTLD_PORT, SLURM_CI_SLURMD_PORT  ports (default: the first free from 6817)
#   SLURM_CI_START_TIMEOUT                    seconds to wait for the node to be idle (default 60)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

dir=${1:-${STAMPEDE_SLURM_DIR:-}}
if [ -z "$dir" ]; then
  echo "usage: $0 DIR   (or set STAMPEDE_SLURM_DIR)" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
timeout_s=${SLURM_CI_START_TIMEOUT:-60}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# A Unix socket path is limited to 107 bytes.
if [ ${#dir} -gt 80 ]; then
  echo "start.sh: DIR is too long for munge's socket (${#dir} > 80 characters): $dir" >&2
  exit 2
fi

if [ -s "$dir/pids" ]; then
  while read -r name pid; do
    if [ -d "/proc/$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
      echo "start.sh: $name (pid $pid) from $dir is still running; run deploy/slurm/stop.sh $dir first" >&2
      exit 1
    fi
  done <"$dir/pids"
fi

mkdir -p "$dir/log" "$dir/run" "$dir/state/slurmctld" "$dir/state/slurmd" "$dir/munge"
chmod 0755 "$dir/munge"
chmod a+x "$dir" # munged wants its socket reachable by every user

# --- install -----------------------------------------------------------------
if ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1 \
  || ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1; then
  t0=$(now)
  echo "== slurm: installing slurm-wlm and munge (apt)"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  # The packages' scripts would start system-wide munged, slurmctld and
  # slurmd: forbid that for the install (as Debian's container images do with
  # a policy-rc.d), so that only the daemons below, which stop.sh stops, run.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\n# deploy/slurm/start.sh: no service starts during its install\nexit 101\n' \
      | $sudo tee "$policy" >/dev/null
    $sudo chmod 0755 "$policy"
  fi
  # Recommends (HDF5, RRD, ROCm, InfluxDB and IPMI plugins) are not needed
  # here and would quadruple the packages.
  rc=0
  { $sudo apt-get update -qq \
    && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o DPkg::Lock::Timeout=300 --no-install-recommends slurm-wlm munge; } >"$dir/log/apt.log" 2>&1 || rc=$?
  if [ -n "$policy" ]; then $sudo rm -f "$policy"; fi
  if [ "$rc" != 0 ]; then
    echo "start.sh: apt-get failed (exit $rc):" >&2
    tail -n 40 "$dir/log/apt.log" >&2
    exit 1
  fi
  echo "== slurm: installed in $(since "$t0") s"
fi

t0=$(now)

# --- render slurm.conf -------------------------------------------------------
host=$(hostname -s)
user=$(id -un)
# CPUs and memory as slurmd itself counts them, so the node never registers
# with less than slurm.conf claims (which would drain it).
hw=$(slurmd -C 2>/dev/null | head -n 1 || true)
cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$hw")
mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")
[ -n "$cpus" ] || cpus=$(nproc)
[ -n "$mem" ] || mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
mem_per_cpu=$((mem / cpus))

listening_ports() {
  awk 'FNR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null \
    | while read -r h; do echo $((16#$h)); done
}
used=" $(listening_ports | tr '\n' ' ') "
free_port() { # first port >= $1 not listening and not in $2
  local p=$1
  while [[ "$used" == *" $p "* ]] || [ "$p" = "${2:-}" ]; do p=$((p + 1)); done
  echo "$p"
}
ctld_port=${SLURM_CI_CTLD_PORT:-$(free_port 6817)}
slurmd_port=${SLURM_CI_SLURMD_PORT:-$(free_port $((ctld_port + 1)) "$ctld_port")}

conf="$dir/slurm.conf"
sed -e "s|@HOST@|$host|g" -e "s|@USER@|$user|g" -e "s|@DIR@|$dir|g" \
  -e "s|@CPUS@|$cpus|g" -e "s|@MEMORY_MB@|$mem|g" -e "s|@MEM_PER_CPU@|$mem_per_cpu|g" \
  -e "s|@CTLD_PORT@|$ctld_port|g" -e "s|@SLURMD_PORT@|$slurmd_port|g" \
  "$here/slurm.conf" >"$conf"
if grep -v '^#' "$conf" | grep '@[A-Z_]*@' >&2; then
  echo "start.sh: placeholders left unrendered in $conf" >&2
  exit 1
fi
export SLURM_CONF="$conf"
echo "export SLURM_CONF=$conf" >"$dir/env"

# --- start the daemons -------------------------------------------------------
: >"$dir/pids"

dump_logs() { # each daemon's log file, or what it printed when it has none
  local n f
  for n in munged slurmctld slurmd; do
    f="$dir/log/$n.log"
    [ -s "$f" ] || f="$dir/log/$n.out"
    [ -s "$f" ] || continue
    echo "---- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

fail() {
  echo "start.sh: $*" >&2
  dump_logs
  bash "$here/stop.sh" "$dir" >&2 || true
  exit 1
}

# start NAME CMD...: run a daemon in the foreground of its own session, in the
# background of this script, and record its PID.
start() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$dir/log/$name.out" 2>&1 &
  local pid=$!
  echo "$name $pid" >>"$dir/pids"
  # setsid does not fork here (a background job of a script is no process
  # group leader), so $! is the daemon itself once it has exec'd.
  local comm=""
  for _ in $(seq 1 50); do
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [ "$comm" = "$name" ] && return 0
    [ -n "$comm" ] || fail "$name exited at once"
    sleep 0.05
  done
  fail "pid $pid is '$comm', not $name"
}

key="$dir/munge/munge.key"
if [ ! -s "$key" ]; then
  (umask 077 && head -c 1024 /dev/urandom >"$key")
fi
chmod 0400 "$key"
socket="$dir/munge/munge.socket.2"
start munged munged --foreground --force --key-file="$key" --socket="$socket" \
  --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/munged.seed"
for _ in $(seq 1 100); do
  if munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1 || fail "munged does not answer on $socket"

# all_alive: fail when a daemon started so far has exited.
all_alive() {
  local n pid
  while read -r n pid; do
    [ -d "/proc/$pid" ] || fail "$n (pid $pid) has exited"
  done <"$dir/pids"
}

start slurmctld slurmctld -D -f "$conf"
deadline=$(($(date +%s) + timeout_s))
until scontrol ping 2>/dev/null | grep -q ' is UP'; do
  all_alive
  [ "$(date +%s)" -lt "$deadline" ] || fail "slurmctld is not up after ${timeout_s} s"
  sleep 0.2
done

start slurmd slurmd -D -f "$conf" -N "$host"

state=""
deadline=$(($(date +%s) + timeout_s))
while [ "$(date +%s)" -lt "$deadline" ]; do
  state=$(sinfo -h -N -n "$host" -o '%T' 2>/dev/null | head -n 1 || true)
  [ "$state" = idle ] && break
  all_alive
  sleep 0.2
done
if [ "$state" != idle ]; then
  scontrol show node "$host" >&2 || true
  fail "node $host is '${state:-unknown}', not idle, after ${timeout_s} s"
fi

echo "== slurm: cluster up in $(since "$t0") s: node $host ($cpus CPUs, $mem MB), ports $ctld_port/$slurmd_port"
echo "== slurm: . $dir/env   # then sbatch, squeue, sinfo; stop with deploy/slurm/stop.sh $dir"
