#!/usr/bin/env bash
# Emergency against routine intake on one node, in one run: the same wrk load (single reports
# and batches) with the mode held by a supervisor, ROUTINE then EMERGENCY (wider group commits,
# triage, deferral), twice over so that neither gains from going first or last (the store and
# the open reports grow through the run). Held by hand because the load itself would otherwise
# switch the city to EMERGENCY within seconds. Closed loop at saturation: the rate is the
# highest the node sustains.
#   bench/emergency-intake.sh [duration=20s] [connections=64] [batch size=100]
# Needs: wrk (apt-get install wrk) and a built jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"; CONNECTIONS="${2:-64}"; BATCH="${3:-100}"
source bench/node.sh
export BATCH_SIZE="$BATCH"
run() { wrk -t2 -c"$2" -d"$DURATION" --timeout 10s -s "$3" "$URL$1" | grep RESULT | sed "s/^RESULT/$4/"; }
mode() {
  curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"mode\":\"$1\",\"reason\":\"benchmark\"}" "$URL/api/v1/mode" > /dev/null
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), duration $DURATION, $CONNECTIONS connections"
mode routine
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/intake.lua "$URL/api/v1/reports" > /dev/null
wrk -t2 -c8 -d10s -s bench/batch.lua "$URL/api/v1/reports:batch" > /dev/null
for round in 1 2; do
  for m in routine emergency; do
    mode "$m"
    run /api/v1/reports "$CONNECTIONS" bench/intake.lua "$round $m single "
    run /api/v1/reports:batch 8 bench/batch.lua "$round $m batch$BATCH"
  done
done
