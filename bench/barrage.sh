#!/usr/bin/env bash
# Ops-screen delivery during a rocket barrage: one fresh node with the defaults (the barrage
# switches it to EMERGENCY by itself), surge's rocket-barrage with N subscribers playing the
# ops room's screens and the patrollers' tablets.
#   bench/barrage.sh [subscribers=1000] [duration=60s] [out=results/barrage]
# Needs a built jar of each (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS="${1:-1000}"; DURATION="${2:-60s}"; OUT="${3:-results/barrage}"
source bench/node.sh
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), $SUBSCRIBERS subscribers, $DURATION"
java -jar surge/target/surge.jar run rocket-barrage --target "$URL" --token "$TOKEN" \
    --rate 20 --impacts 6 --reports-per-impact 400 --duration "$DURATION" --warmup 10s \
    --subscribers "$SUBSCRIBERS" --seed 7 --out "$OUT" --no-progress
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/mode/history" | head -c 600; echo
