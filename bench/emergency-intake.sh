#!/usr/bin/env bash
# Emergency against routine intake on one node, in one run: the same wrk load (single reports
# and batches) first in ROUTINE, then after a supervisor sets EMERGENCY (wider group commits,
# triage, deferral). Closed loop at saturation: the rate is the highest the node sustains.
#   bench/emergency-intake.sh [duration=30s] [connections=64] [batch size=100]
# Needs: wrk (apt-get install wrk) and a built jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"; CONNECTIONS="${2:-64}"; BATCH="${3:-100}"
source bench/node.sh
export BATCH_SIZE="$BATCH"
run() { wrk -t2 -c"$2" -d"$DURATION" --timeout 10s -s "$3" "$URL$1" | grep RESULT | sed "s/^RESULT/$4/"; }
mode() {
  curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"mode\":\"$1\",\"reason\":\"benchmark\"}" "$URL/api/v1/mode" > /dev/null
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), duration $DURATION, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/intake.lua "$URL/api/v1/reports" > /dev/null
wrk -t2 -c8 -d10s -s bench/batch.lua "$URL/api/v1/reports:batch" > /dev/null
run /api/v1/reports "$CONNECTIONS" bench/intake.lua "routine   single "
run /api/v1/reports:batch 8 bench/batch.lua "routine   batch$BATCH"
mode emergency
run /api/v1/reports "$CONNECTIONS" bench/intake.lua "emergency single "
run /api/v1/reports:batch 8 bench/batch.lua "emergency batch$BATCH"
