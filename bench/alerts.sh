#!/usr/bin/env bash
# Rocket alert to the field: one fresh node, N patrollers' live streams (each its own patroller
# token, minted by surge as a device link), then alerts one at a time: the time from sending
# POST /api/v1/alerts to each subscriber's alert message (the shelter screen), then the all-clear.
#   bench/alerts.sh [subscribers=500] [alerts=20] [out=results/alert-latency]
# Needs: built jars (mvn -B -q -DskipTests package -pl gateway,surge -am).
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS="${1:-500}"; ALERTS="${2:-20}"; OUT="${3:-results/alert-latency}"
source bench/node.sh
echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD) $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar surge/target/surge.jar alert-latency --target "$URL" --token "$TOKEN" \
  --subscribers "$SUBSCRIBERS" --alerts "$ALERTS" --out "$OUT"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
