#!/usr/bin/env bash
# Wall and CPU time of a 16-point sweep of rds-proxy (full 30 simulated
# minutes per point, nothing shortened) on 1 and on 2 workers, interleaved,
# REPEAT times (default 3), for bench/README.md. The load average is printed
# with each run: on a shared machine, trust the runs with the lowest.
# Usage: bash bench/sweep.sh [REPEAT]   (needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/stampede
go build -o "$bin" ./cmd/stampede
for i in $(seq 1 "${1:-3}"); do
  for w in 1 2; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "run $i, workers $w: %e s wall, %U s user, %S s system (load $load before)" \
      "$bin" sweep rds-proxy --vary function.api.memory_mb=512:2048:512 \
      --vary database.orders.proxy.max_connections_percent=25:100:25 \
      --workers "$w" --progress never > /dev/null
  done
done
