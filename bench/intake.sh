#!/usr/bin/env bash
# Intake benchmark (single node, loopback): the no-op endpoint, single-report POST and batch
# intake, under the same wrk load, in one run against one fresh node.
#   bench/intake.sh [duration=30s] [connections=64] [batch size=100]
# WARMUP (default 10s): how long each path is driven before anything is measured. Longer gives the
# JIT its time (still busy after a minute on 2 cores), but every warm-up report stays open, and the
# sweeps over them cost more in the phases measured after (BENCHMARKS.md, "The warm-up").
# Needs: wrk (apt-get install wrk) and a built jar (mvn -DskipTests package; HAMAL_JAR names another).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"; CONNECTIONS="${2:-64}"; BATCH="${3:-100}"; WARMUP="${WARMUP:-10s}"
source bench/node.sh
export BATCH_SIZE="$BATCH"
# The node's CPU per report (or per request for the no-op), from /proc: on a shared machine the
# rates move with the neighbours' load, the CPU a report costs much less. The node's CPU is its
# JVM's and, on the embedded default, its PostgreSQL server's (store_pids, bench/node.sh): the
# store's work is the node's work, in whichever process it runs. $5: reports per request.
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
run() {
  local before after jvm_before jvm_after out requests per
  before=$(ticks $NODE $(store_pids)); jvm_before=$(ticks $NODE)
  out=$(wrk -t2 -c"$2" -d"$DURATION" --timeout 10s -s "$3" "$URL$1" | grep RESULT)
  after=$(ticks $NODE $(store_pids)); jvm_after=$(ticks $NODE)
  requests=$(echo "$out" | sed 's/.*requests=\([0-9]*\).*/\1/')
  per=$(( $(getconf CLK_TCK) * requests * $5 ))
  echo "$out node_cpu_us_per_item=$(( (after - before) * 1000000 / per )) jvm_cpu_us_per_item=$(( (jvm_after - jvm_before) * 1000000 / per ))" \
    | sed "s/^RESULT/$4/"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), duration $DURATION, $CONNECTIONS connections, warm-up $WARMUP per path"
# Warm up every path first so the JIT has compiled them before anything is measured.
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/intake.lua "$URL/bench/noop" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/intake.lua "$URL/api/v1/reports" > /dev/null
wrk -t2 -c8 -d"$WARMUP" -s bench/batch.lua "$URL/api/v1/reports:batch" > /dev/null
run /bench/noop "$CONNECTIONS" bench/intake.lua "noop   " 1
run /api/v1/reports "$CONNECTIONS" bench/intake.lua "single " 1
run /api/v1/reports:batch 8 bench/batch.lua "batch$BATCH" "$BATCH"
