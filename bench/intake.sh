#!/usr/bin/env bash
# Intake benchmark (single node, loopback): the no-op endpoint, single-report POST and batch
# intake, under the same wrk load, in one run against one fresh node.
#   bench/intake.sh [duration=30s] [connections=64] [batch size=100]
# Needs: wrk (apt-get install wrk) and a built jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"; CONNECTIONS="${2:-64}"; BATCH="${3:-100}"
source bench/node.sh
export BATCH_SIZE="$BATCH"
run() { wrk -t2 -c"$2" -d"$DURATION" --timeout 10s -s "$3" "$URL$1" | grep RESULT | sed "s/^RESULT/$4/"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), duration $DURATION, $CONNECTIONS connections"
# Warm up every path first so the JIT has compiled them before anything is measured.
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/intake.lua "$URL/bench/noop" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/intake.lua "$URL/api/v1/reports" > /dev/null
wrk -t2 -c8 -d10s -s bench/batch.lua "$URL/api/v1/reports:batch" > /dev/null
run /bench/noop "$CONNECTIONS" bench/intake.lua "noop   "
run /api/v1/reports "$CONNECTIONS" bench/intake.lua "single "
run /api/v1/reports:batch 8 bench/batch.lua "batch$BATCH"
