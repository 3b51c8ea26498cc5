#!/usr/bin/env bash
# End to end on a warm node that already holds open reports: one fresh node (routine mode held),
# first WARM (150 s) of surge at 600 reports/s with 500 subscribers, then the end-to-end run of
# BENCHMARKS.md ("End to end") at RATE on the same node, its 500 subscribers subscribing afresh.
#   bench/e2e-warm.sh [rate=600] [warm-up=150s]
# Needs: built jars (mvn -B -q -DskipTests package). Results in surge-results/e2e-warm-RATE.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${1:-600}"; WARM="${2:-150s}"
source bench/routine-node.sh
surge() { java -jar surge/target/surge.jar run custom --target "$URL" --token "$TOKEN" --subscribers 500 \
  "${FILTERS[@]}" --audit-concurrency 64 --no-progress "$@"; }

echo "# $(date -u +%FT%TZ) warm-up $WARM at 600/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
surge --rate 600 --duration "$WARM" --seed 7 --out "surge-results/e2e-warm-up" | grep -E '^(load|ack|to screen|audit)'
before=$(awk '{print $14+$15}' /proc/$NODE/stat)
echo "# $(date -u +%FT%TZ) measured at $RATE/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
surge --rate "$RATE" --duration 60s --warmup 20s --seed 42 --out "surge-results/e2e-warm-$RATE" \
  | grep -E '^(load|ack|to screen|errors|audit)' || true
echo "node CPU-s in the measured run: $(( ($(awk '{print $14+$15}' /proc/$NODE/stat) - before) / 100 ))"
